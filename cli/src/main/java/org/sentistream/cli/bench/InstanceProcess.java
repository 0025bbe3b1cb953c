package org.sentistream.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.sentistream.cli.Main;
import org.sentistream.kafka.embedded.KafkaClassPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the streams application in a child JVM running {@code sentiment run --config FILE}, with
 * this JVM's class path, its output in a log file, and optionally pinned to one CPU core with
 * {@code taskset -c} (util-linux). {@link #terminate(Duration)} sends SIGTERM, as an orchestrator does on a
 * graceful stop, and {@link #kill()} sends SIGKILL.
 */
public final class InstanceProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceProcess.class);

    private final String name;
    private final Process process;
    private final Path logFile;

    private InstanceProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts an instance.
     *
     * @param name name used in logs and messages, such as {@code instance-2}
     * @param configFile properties file of the application
     * @param overrides keys passed as {@code --set key=value}, such as a per-instance {@code state.dir}
     * @param core CPU core to pin the JVM to with {@code taskset -c}, or empty for no pinning
     * @param logFile file that receives the standard output and error of the child JVM
     * @param maxHeap maximum heap of the child JVM, such as {@code 768m}
     * @throws IOException if the JVM or taskset cannot be started
     */
    public static InstanceProcess start(String name, Path configFile, Map<String, String> overrides, OptionalInt core,
                                        Path logFile, String maxHeap) throws IOException {
        List<String> command = new ArrayList<>();
        if (core.isPresent()) {
            command.add(CpuAffinity.tasksetCommand());
            command.add("-c");
            command.add(Integer.toString(core.getAsInt()));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(KafkaClassPath.current());
        command.add(Main.class.getName());
        command.add("run");
        command.add("--config");
        command.add(configFile.toString());
        overrides.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });

        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                // A fresh log per start: lines of an earlier run in the same directory would satisfy awaitLog.
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                .start();
        LOG.info("Started {} as pid {}{}; log in {}", name, process.pid(),
                core.isPresent() ? " on core " + core.getAsInt() : "", logFile);
        return new InstanceProcess(name, process, logFile);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Returns the CPU time in seconds that the JVM has used so far, or NaN where the platform does not report it. */
    public double cpuSeconds() {
        return process.info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(Double.NaN);
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Waits until the log contains {@code fragment}.
     *
     * @return false if the timeout passed or the process exited first
     * @throws IOException if the log cannot be read
     */
    public boolean awaitLog(String fragment, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(fragment)) {
                return true;
            }
            if (!process.isAlive()) {
                return log().contains(fragment);
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Returns the whole log so far. */
    public String log() throws IOException {
        return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    }

    /** Returns the last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Sends SIGTERM and waits for the JVM to exit, killing it if it is still running after the timeout.
     *
     * @return the exit code, or -1 if the process had to be killed
     */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        LOG.warn("{} (pid {}) did not exit within {} ms of SIGTERM; killing it", name, process.pid(), timeout.toMillis());
        kill();
        return -1;
    }

    /** Sends SIGKILL and waits up to 10 s for the JVM to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Kills the JVM if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
