package org.sentistream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code sentiment broker} as a user does, in its own JVM, and stops it with SIGTERM. */
class BrokerCommandTest {

    @Test
    void brokerServesUntilSigterm(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("stdout.properties");
        Path err = dir.resolve("stderr.log");
        Process process = start(out, err);
        try {
            Properties addresses = awaitAddresses(process, out);
            String bootstrap = addresses.getProperty("bootstrap.servers");
            String registry = addresses.getProperty("schema.registry.url");
            assertNotNull(bootstrap, "stdout: " + Files.readString(out) + "\nstderr: " + Files.readString(err));
            assertNotNull(registry, Files.readString(out));

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("probe", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertTrue(topics.contains("probe"), topics.toString());
            }
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(registry + "/subjects")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, subjects.statusCode());
            assertEquals("[]", subjects.body());

            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the broker command still runs 60 s after SIGTERM");
            int brokerPort = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
            try (ServerSocket reused = new ServerSocket(brokerPort, 1, InetAddress.getByName("127.0.0.1"))) {
                assertEquals(brokerPort, reused.getLocalPort(), "the Kafka node stopped with the command");
            }
        } finally {
            process.destroyForcibly();
        }
    }

    /** SIGKILL runs no shutdown hook, so the Kafka node must notice on its own that its parent is gone. */
    @Test
    void brokerKilledLeavesNoNode(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("stdout.properties");
        Process process = start(out, dir.resolve("stderr.log"));
        try {
            String bootstrap = awaitAddresses(process, out).getProperty("bootstrap.servers");
            assertNotNull(bootstrap, Files.readString(out));
            int brokerPort = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));

            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean free = false;
            while (!free && System.nanoTime() < deadline) {
                try (ServerSocket reused = new ServerSocket(brokerPort, 1, InetAddress.getByName("127.0.0.1"))) {
                    free = true;
                } catch (IOException e) {
                    Thread.sleep(200);
                }
            }
            assertTrue(free, "a Kafka node still listens on " + brokerPort + " 60 s after its parent was killed");
        } finally {
            process.destroyForcibly();
        }
    }

    /** Starts the command with its temporary directory under the test's, which a SIGKILL would otherwise leave in /tmp. */
    private static Process start(Path out, Path err) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + out.getParent(), "-cp", classPath, Main.class.getName(), "broker", "--json");
        return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** Waits for the JSON line, which the command prints after both address lines, and returns the addresses. */
    private static Properties awaitAddresses(Process process, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(out).contains("\"command\"") && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Properties addresses = new Properties();
        try (var reader = Files.newBufferedReader(out)) {
            addresses.load(reader);
        }
        return addresses;
    }

    @Test
    void portInUseIsUsageError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int code = Main.run(new String[] {"broker", "--port", Integer.toString(taken.getLocalPort())},
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, code);
            assertTrue(message.contains("Invalid value for --port: port " + taken.getLocalPort()), message);
        }
    }
}
