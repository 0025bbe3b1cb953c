package org.sentistream.cli.fault;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A child JVM running {@code org.sentistream.cli.Main} with this JVM's class path, its standard output
 * and error written to a log file. Killing it with SIGKILL is what the fault tests need.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code Main} with {@code arguments}, logging to {@code log}. */
    static ChildJvm startMain(Path log, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-cp");
        command.add(classPath());
        command.add("org.sentistream.cli.Main");
        command.addAll(List.of(arguments));

        Files.createDirectories(log.getParent());
        // A new file per start: an appended log kept an earlier run's crash report, and the checks of this
        // run's output then failed on it.
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        return new ChildJvm(builder.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    /** Sends SIGKILL and waits for the process to end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Sends SIGTERM and waits up to {@code timeout}.
     *
     * @return true if the process ended within the timeout
     */
    boolean terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns the exit code; call after the process ended. */
    int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /**
     * Returns this JVM's class path with the manifest-only jar of Maven Surefire expanded into the entries of
     * its Class-Path attribute, because the child JVM starts after Surefire may have deleted that jar.
     */
    static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && entry.contains("surefire")) {
                entries.addAll(manifestEntries(Path.of(entry)));
            } else if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> manifestEntries(Path jar) {
        List<String> entries = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String attribute = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (attribute == null) {
                entries.add(jar.toString());
                return entries;
            }
            for (String url : attribute.trim().split("\\s+")) {
                URI uri = url.startsWith("file:") ? URI.create(url) : jar.getParent().toUri().resolve(url);
                entries.add(Path.of(uri).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the class path in the manifest of " + jar, e);
        }
        return entries;
    }
}
