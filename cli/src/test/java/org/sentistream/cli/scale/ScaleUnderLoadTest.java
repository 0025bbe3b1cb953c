package org.sentistream.cli.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.sentistream.cli.bench.GroupWatcher;
import org.sentistream.cli.bench.InstanceProcess;
import org.sentistream.cli.bench.ResultReader;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.loadgen.LoadGenerator;
import org.sentistream.loadgen.LoadGeneratorConfig;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.streams.SentimentTopology;
import org.sentistream.streams.TopicInitializer;

/**
 * Scales the application while the load generator keeps sending: two instances in child JVMs, then a third
 * joins, one stops with SIGTERM and one dies with SIGKILL. Every acknowledged input must come out as exactly
 * one result, read with read_committed. The time of each rebalance is printed and written to
 * {@code target/scale-rebalance-times.json}; the instance logs stay in {@code target/scale-under-load}.
 */
class ScaleUnderLoadTest {

    private static final String APPLICATION_ID = "scale-under-load";
    private static final int PARTITIONS = 6;
    private static final double EVENTS_PER_SECOND = 15;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

    /** Configuration, state directories and instance logs, kept after the test for failure analysis. */
    private final Path dir = Path.of("target", "scale-under-load");

    @Test
    void addTermKillKeepsResultsExact() throws Exception {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build().start();
             SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0)) {
            Path configFile = writeConfig(cluster.bootstrapServers(), registry.url());
            try (Admin admin = cluster.admin()) {
                new TopicInitializer(admin, Duration.ofSeconds(30)).ensureTopics(new TopicInitializer.Plan(
                        List.of("social-posts", "customer-feedback", "sentiment-results", "sentiment-dead-letter",
                                "sentiment-aggregates"), PARTITIONS, -1));
            }

            Set<String> acked = ConcurrentHashMap.newKeySet();
            Map<String, Long> rebalanceMs = new LinkedHashMap<>();
            List<InstanceProcess> instances = new ArrayList<>();
            int groupPartitions = SentimentTopology.consumedPartitions(PARTITIONS, PARTITIONS);
            try (ResultReader results = new ResultReader(cluster.bootstrapServers(), "sentiment-results");
                 ResultReader deadLetters = new ResultReader(cluster.bootstrapServers(), "sentiment-dead-letter");
                 GroupWatcher group = new GroupWatcher(cluster.bootstrapServers(), APPLICATION_ID)) {
                instances.add(start(configFile, 1));
                instances.add(start(configFile, 2));
                assertTrue(group.awaitSettled(2, groupPartitions, STEP_TIMEOUT), "two instances settled: "
                        + group.latest() + "\n" + instances.get(0).logTail(20));

                try (LoadGenerator generator = new LoadGenerator(LoadGeneratorConfig.builder()
                        .bootstrapServers(cluster.bootstrapServers())
                        .schemaRegistryUrl(registry.url())
                        .eventsPerSecond(EVENTS_PER_SECOND)
                        .events(0)
                        .ackListener((topic, id, label, corrupt) -> acked.add(id))
                        .build())) {
                    generator.runAsync();
                    assertTrue(results.awaitDistinct(30, STEP_TIMEOUT), "first results before scaling");

                    long joinStart = System.currentTimeMillis();
                    instances.add(start(configFile, 3));
                    GroupWatcher.Rebalance join = group.awaitRebalance(joinStart, 3, groupPartitions, STEP_TIMEOUT);
                    rebalanceMs.put("join_start_to_stable_ms", join.totalMs());
                    rebalanceMs.put("join_rebalance_ms", join.rebalanceMs());
                    long afterJoin = results.distinctKeys();
                    assertTrue(results.awaitDistinct(afterJoin + 20, STEP_TIMEOUT), "results after the join");

                    long termSent = System.currentTimeMillis();
                    // A JVM that SIGTERM stops exits with 128 + 15 after its shutdown hooks have run.
                    assertEquals(143, instances.get(0).terminate(Duration.ofSeconds(60)), "exit code after SIGTERM");
                    assertTrue(instances.get(0).log().contains("Closed " + APPLICATION_ID), "clean close logged");
                    GroupWatcher.Rebalance term = group.awaitRebalance(termSent, 2, groupPartitions, STEP_TIMEOUT);
                    rebalanceMs.put("sigterm_detect_ms", term.detectMs());
                    rebalanceMs.put("sigterm_rebalance_ms", term.rebalanceMs());
                    long afterTerm = results.distinctKeys();
                    assertTrue(results.awaitDistinct(afterTerm + 20, STEP_TIMEOUT), "results after the SIGTERM");

                    long killSent = System.currentTimeMillis();
                    instances.get(1).kill();
                    GroupWatcher.Rebalance kill = group.awaitRebalance(killSent, 1, groupPartitions, STEP_TIMEOUT);
                    rebalanceMs.put("sigkill_detect_ms", kill.detectMs());
                    rebalanceMs.put("sigkill_rebalance_ms", kill.rebalanceMs());
                    long afterKill = results.distinctKeys();
                    assertTrue(results.awaitDistinct(afterKill + 20, STEP_TIMEOUT), "results after the SIGKILL");

                    generator.stop();
                    generator.close();
                }

                assertTrue(results.awaitDistinct(acked.size(), STEP_TIMEOUT),
                        "results for all " + acked.size() + " inputs, got " + results.distinctKeys() + "\n"
                                + instances.get(2).logTail(20));
                // Read on briefly so that a duplicate committed late would still be counted.
                Thread.sleep(2000);

                Map<String, Integer> counts = results.countsByKey();
                assertEquals(acked, counts.keySet(), "input ids with a result");
                assertEquals(0, results.duplicates(), "duplicate results at partition@offset: "
                        + results.duplicatePlaces() + "; instance logs in " + dir.toAbsolutePath());
                assertEquals(0, deadLetters.records(), "dead letters");
            } finally {
                for (InstanceProcess instance : instances) {
                    instance.close();
                }
            }

            report(rebalanceMs);
        }
    }

    private Path writeConfig(String bootstrapServers, String registryUrl) throws IOException {
        Properties config = new Properties();
        config.setProperty("bootstrap.servers", bootstrapServers);
        config.setProperty("schema.registry.url", registryUrl);
        config.setProperty("application.id", APPLICATION_ID);
        config.setProperty("engine.encoder", "all-minilm-l6-v2");
        config.setProperty("engine.threads", "1");
        config.setProperty("commit.interval.ms", "200");
        // The broker's minimum; a killed instance is noticed after this long instead of the 45 s default.
        config.setProperty("session.timeout.ms", "6000");
        config.setProperty("heartbeat.interval.ms", "1500");
        Path file = dir.resolve("app.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            config.store(out, "scale under load test");
        }
        return file;
    }

    private InstanceProcess start(Path configFile, int number) throws IOException {
        return InstanceProcess.start("instance-" + number, configFile,
                Map.of("state.dir", dir.resolve("state-" + number).toString()), OptionalInt.empty(),
                dir.resolve("instance-" + number + ".log"), "512m");
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void report(Map<String, Long> rebalanceMs) throws IOException {
        String json = new ObjectMapper().writeValueAsString(rebalanceMs);
        System.err.println("Rebalance times: " + json);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("scale-rebalance-times.json"), json + "\n");
        }
    }
}
