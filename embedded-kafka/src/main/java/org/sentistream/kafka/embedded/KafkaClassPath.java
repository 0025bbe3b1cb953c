package org.sentistream.kafka.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Class path for child JVMs: Kafka nodes, and other processes that tests and benchmarks start from the
 * classes of this JVM. It is this JVM's class path, which contains the Kafka server jars because this module
 * depends on them.
 */
public final class KafkaClassPath {

    private KafkaClassPath() {
    }

    /** Returns the class path of Kafka node JVMs: the property {@code sentistream.kafka.classpath}, else {@link #current()}. */
    static String get() {
        String override = System.getProperty("sentistream.kafka.classpath");
        if (override != null && !override.isBlank()) {
            // The node's main class lives in this module.
            return override + File.pathSeparator + ownLocation();
        }
        return current();
    }

    private static String ownLocation() {
        try {
            return Path.of(NodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the classes of " + NodeMain.class.getName(), e);
        }
    }

    /** Returns this JVM's class path with Maven Surefire's manifest-only jar expanded into its entries. */
    public static String current() {
        return expandManifestJars(System.getProperty("java.class.path"));
    }

    /**
     * Expands a manifest-only jar, as Maven Surefire uses, into the entries of its Class-Path
     * attribute, so the child JVM gets the same classes even after Surefire deletes that jar.
     */
    private static String expandManifestJars(String classPath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
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
        if (!Files.exists(jar)) {
            return entries;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String attribute = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (attribute == null) {
                entries.add(jar.toString());
                return entries;
            }
            for (String url : attribute.trim().split("\\s+")) {
                entries.add(Path.of(java.net.URI.create(url.startsWith("file:") ? url : jar.getParent().toUri().resolve(url).toString())).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the class path of " + jar, e);
        }
        return entries;
    }
}
