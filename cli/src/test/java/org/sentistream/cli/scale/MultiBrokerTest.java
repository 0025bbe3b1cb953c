package org.sentistream.cli.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.cli.bench.ResultReader;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.loadgen.LoadGenerator;
import org.sentistream.loadgen.LoadGeneratorConfig;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.streams.SentimentApp;
import org.sentistream.streams.SentimentAppConfig;
import org.sentistream.streams.TopicInitializer;

/**
 * A three-node KRaft cluster on 127.0.0.1 without Docker: topics created by {@link TopicInitializer} get
 * replication factor 3 and min.insync.replicas=2, and one broker is killed with SIGKILL while the load
 * generator sends. Every acknowledged input must come out as exactly one result.
 */
class MultiBrokerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void brokerKillLosesNoResult() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(3)
                     .brokerProperty("min.insync.replicas", "2")
                     .build().start();
             SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0)) {
            SentimentAppConfig config = SentimentAppConfig.load(null, Map.of(), Map.of(
                    "bootstrap.servers", cluster.bootstrapServers(),
                    "schema.registry.url", registry.url(),
                    "application.id", "multi-broker",
                    "state.dir", dir.resolve("state").toString(),
                    "engine.encoder", "all-minilm-l6-v2",
                    "topic.partitions", "4",
                    "commit.interval.ms", "200",
                    // Changelogs get the same durability as the topics TopicInitializer creates.
                    "replication.factor", "3",
                    "topic.min.insync.replicas", "2"));

            TopicInitializer.Report report = TopicInitializer.ensureTopics(config, Duration.ofSeconds(30));
            assertEquals(3, report.replicationFactor(), "automatic replication factor on three brokers");
            checkResultsTopic(cluster);

            Set<String> acked = ConcurrentHashMap.newKeySet();
            try (SentimentApp app = SentimentApp.create(config);
                 ResultReader results = new ResultReader(cluster.bootstrapServers(), config.resultsTopic())) {
                app.start();
                assertTrue(app.awaitRunning(Duration.ofSeconds(90)), "app state " + app.state());

                try (LoadGenerator generator = new LoadGenerator(LoadGeneratorConfig.builder()
                        .bootstrapServers(cluster.bootstrapServers())
                        .schemaRegistryUrl(registry.url())
                        .eventsPerSecond(20)
                        .events(0)
                        .ackListener((topic, id, label, corrupt) -> acked.add(id))
                        .build())) {
                    generator.runAsync();
                    assertTrue(results.awaitDistinct(40, TIMEOUT), "results before the broker kill");

                    cluster.killNode(1);
                    long afterKill = results.distinctKeys();
                    assertTrue(results.awaitDistinct(afterKill + 60, TIMEOUT), "results after the broker kill");

                    generator.stop();
                    generator.close();
                }

                assertTrue(results.awaitDistinct(acked.size(), TIMEOUT),
                        "results for all " + acked.size() + " inputs, got " + results.distinctKeys());
                Thread.sleep(2000);
                assertEquals(acked, results.countsByKey().keySet(), "input ids with a result");
                assertEquals(0, results.duplicates(), "duplicate results");
            }
        }
    }

    private static void checkResultsTopic(EmbeddedKafkaCluster cluster) throws Exception {
        try (Admin admin = cluster.admin()) {
            TopicDescription description = whenKnown(() -> admin.describeTopics(List.of("sentiment-results"))
                    .allTopicNames().get().get("sentiment-results"));
            assertEquals(3, description.partitions().get(0).replicas().size(), "replicas of sentiment-results");

            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "sentiment-results");
            Config topicConfig = whenKnown(() -> admin.describeConfigs(List.of(resource)).all().get().get(resource));
            assertEquals("2", topicConfig.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value(),
                    "min.insync.replicas of sentiment-results");
        }
    }

    /**
     * Runs {@code request}, retrying while the responding broker does not know the topic yet: right after
     * creation a broker's metadata can lag the controller's, and the admin client does not retry then.
     */
    private static <T> T whenKnown(Callable<T> request) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return request.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
