package org.sentistream.kafka.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Kafka node running in a child JVM, with its configuration and log files in its own directory. */
final class BrokerProcess {

    private static final Logger log = LoggerFactory.getLogger(BrokerProcess.class);

    private final int nodeId;
    private final Path dir;
    private final Properties props;
    private final int brokerPort;
    private final String heap;
    private Process process;

    BrokerProcess(int nodeId, Path dir, Properties props, int brokerPort, String heap) {
        this.nodeId = nodeId;
        this.dir = dir;
        this.props = props;
        this.brokerPort = brokerPort;
        this.heap = heap;
    }

    int brokerPort() {
        return brokerPort;
    }

    /** Writes the node's configuration and formats its log directory for the given cluster id. */
    void format(String clusterId) throws IOException {
        Files.createDirectories(dir);
        Path config = configFile();
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "Embedded KRaft node " + nodeId);
        }
        writeLogbackConfig();

        List<String> command = javaCommand("256m");
        command.add("kafka.tools.StorageTool");
        command.add("format");
        // One argument: a random base64 id starts with '-' one time in 64, and the tool would read it as an option.
        command.add("--cluster-id=" + clusterId);
        command.add("--config");
        command.add(config.toString());
        command.add("--ignore-formatted");

        Process format = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.log").toFile())
                .start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IOException("Formatting node " + nodeId + " timed out; see " + dir.resolve("format.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            format.destroyForcibly();
            throw new IOException("Interrupted while formatting node " + nodeId, e);
        }
        if (format.exitValue() != 0) {
            throw new IOException("Formatting node " + nodeId + " failed with exit code " + format.exitValue()
                    + ": " + tail(dir.resolve("format.log")));
        }
    }

    void start() throws IOException {
        if (isAlive()) {
            return;
        }
        List<String> command = javaCommand(heap);
        command.add(NodeMain.class.getName());
        command.add(configFile().toString());

        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
        process = builder.start();
        log.debug("Started Kafka node {} as pid {}", nodeId, process.pid());
    }

    void checkAlive() {
        if (process != null && !process.isAlive()) {
            throw new IllegalStateException("Kafka node " + nodeId + " exited with code " + process.exitValue()
                    + "; last lines of " + dir.resolve("server.log") + ":\n" + tail(dir.resolve("server.log")));
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Sends SIGTERM and waits for a controlled shutdown, then kills the JVM if it is still running. */
    void stop(Duration timeout) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Kafka node {} did not stop within {} s; killing it", nodeId, timeout.toSeconds());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path configFile() {
        return dir.resolve("server.properties");
    }

    private void writeLogbackConfig() throws IOException {
        try (InputStream in = BrokerProcess.class.getResourceAsStream("broker-logback.xml")) {
            if (in == null) {
                throw new IOException("Missing resource broker-logback.xml");
            }
            Files.write(dir.resolve("logback.xml"), in.readAllBytes());
        }
    }

    private List<String> javaCommand(String maxHeap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
        command.add("-cp");
        command.add(KafkaClassPath.get());
        return command;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
