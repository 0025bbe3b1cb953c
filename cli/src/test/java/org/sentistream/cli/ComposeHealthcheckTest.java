package org.sentistream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.sentistream.streams.internals.HealthServer;

/**
 * Runs the {@code app} service's Compose healthcheck command against a real health endpoint, since
 * no Docker engine runs where the tests do.
 */
class ComposeHealthcheckTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void probeFollowsKafkaStreamsState() throws Exception {
        String probe = appProbe();
        int port = healthPort();
        assertTrue(probe.contains("/dev/tcp/127.0.0.1/" + port + " "), "the probe does not target health.port " + port);

        try (HealthServer running = HealthServer.start("127.0.0.1", 0, () -> KafkaStreams.State.RUNNING, Map::of);
                HealthServer failed = HealthServer.start("127.0.0.1", 0, () -> KafkaStreams.State.ERROR, Map::of)) {
            assertEquals(0, run(probe.replace("/127.0.0.1/" + port + " ", "/127.0.0.1/" + running.port() + " ")));
            assertEquals(1, run(probe.replace("/127.0.0.1/" + port + " ", "/127.0.0.1/" + failed.port() + " ")));
        }
    }

    /** Returns the bash script of the app service's healthcheck, unescaped as YAML reads it. */
    private static String appProbe() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        int app = compose.indexOf("\n  app:\n");
        int next = compose.indexOf("\n  loadgen:\n", app);
        assertTrue(app > 0, "no app service in docker-compose.yml");
        assertTrue(next > app, "no loadgen service after the app service in docker-compose.yml");

        Matcher test = Pattern.compile("test: \\[\"CMD\", \"bash\", \"-c\", \"(.*)\"\\]")
                .matcher(compose.substring(app, next));
        assertTrue(test.find(), "the app service has no bash healthcheck");
        return test.group(1).replace("\\\\", "\\");
    }

    private static int healthPort() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker/app.properties"))) {
            properties.load(reader);
        }
        String port = properties.getProperty("health.port");
        assertNotNull(port, "docker/app.properties sets no health.port");
        return Integer.parseInt(port.trim());
    }

    private static int run(String script) throws Exception {
        Process process = new ProcessBuilder(List.of("bash", "-c", script)).redirectErrorStream(true).start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the probe did not finish within 10 s");
        return process.exitValue();
    }
}
