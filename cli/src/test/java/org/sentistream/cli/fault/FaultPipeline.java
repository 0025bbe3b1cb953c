package org.sentistream.cli.fault;

import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;

/**
 * The topics, configuration file and health port of one application under test, named after the test so
 * that tests sharing a cluster never share a topic or a consumer group.
 */
final class FaultPipeline {

    final String name;
    final String posts;
    final String feedback;
    final String results;
    final String deadLetters;
    final Path configFile;
    final Path logDir;
    final int healthPort;

    private FaultPipeline(String name, Path configFile, Path logDir, int healthPort) {
        this.name = name;
        this.posts = name + "-posts";
        this.feedback = name + "-feedback";
        this.results = name + "-results";
        this.deadLetters = name + "-dead-letter";
        this.configFile = configFile;
        this.logDir = logDir;
        this.healthPort = healthPort;
    }

    /**
     * Creates the topics and writes the configuration of an application that uses all-minilm-l6-v2 and
     * exactly_once_v2, with {@code extra} keys on top.
     */
    static FaultPipeline create(String name, EmbeddedKafkaCluster cluster, String registryUrl, Path dir,
            Map<String, String> extra) throws IOException {
        // Logs stay in target/ after the test, for a look at a failed run.
        Path logDir = Path.of("target", "fault-logs").toAbsolutePath();
        FaultPipeline pipeline = new FaultPipeline(name, dir.resolve(name + ".properties"), logDir, freePort());
        cluster.createTopics(Map.of(pipeline.posts, 2, pipeline.feedback, 1, pipeline.results, 1,
                pipeline.deadLetters, 1, name + "-aggregates", 1));

        Map<String, String> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("schema.registry.url", registryUrl);
        config.put("application.id", "fault-" + name);
        config.put("topic.posts", pipeline.posts);
        config.put("topic.feedback", pipeline.feedback);
        config.put("topic.results", pipeline.results);
        config.put("topic.dead.letter", pipeline.deadLetters);
        config.put("topic.aggregates", name + "-aggregates");
        config.put("engine.encoder", "all-minilm-l6-v2");
        config.put("engine.threads", "2");
        config.put("engine.max.tokens", "128");
        config.put("batch.max.records", "32");
        config.put("batch.max.wait.ms", "100");
        config.put("processing.guarantee", "exactly_once_v2");
        config.put("replication.factor", "1");
        config.put("commit.interval.ms", "200");
        // A killed instance leaves the group after the broker minimum of 6 s instead of the default 45 s.
        config.put("session.timeout.ms", "6000");
        config.put("heartbeat.interval.ms", "1500");
        config.put("state.dir", dir.resolve("state-" + name).toString());
        config.put("health.port", Integer.toString(pipeline.healthPort));
        config.put("shutdown.timeout.ms", "20000");
        config.put("log.summary.interval.ms", "5000");
        config.putAll(extra);

        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer out = Files.newBufferedWriter(pipeline.configFile)) {
            properties.store(out, "Fault test " + name);
        }
        return pipeline;
    }

    /** Starts an application instance in a child JVM and waits until /ready returns 200. */
    ChildJvm startApp(String logName, Duration timeout) throws Exception {
        ChildJvm app = ChildJvm.startMain(logDir.resolve(logName + ".log"), "run", "--config", configFile.toString());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("Application " + logName + " exited during start-up; see " + app.log());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return app;
                }
            } catch (IOException e) {
                // Not listening yet: the model is still loading.
            }
            Thread.sleep(250);
        }
        app.kill();
        throw new IllegalStateException("Application " + logName + " not ready within " + timeout + "; see " + app.log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
