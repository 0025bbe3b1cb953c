package org.sentistream.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RestSchemaRegistryClient;

/**
 * Moves a task with buffered records to a second instance, on a real broker, and checks that each
 * input gives exactly one committed result.
 *
 * <p>Kafka Streams commits a revoked task before it closes the task's processors. When the batch processor
 * flushed its buffer in {@code close()}, those results and the buffer's tombstones went into the first
 * instance's next transaction. If the second instance read the changelog before the producer had sent
 * them (the producer lingers before it sends a batch), it restored the records still buffered and classified them
 * again, and the first instance committed its copies later. The scale test saw this as 1 to 3 duplicate
 * results in about a third of its runs. Here the first instance's producer lingers 5 s, so the second
 * instance always wins that race, and the old behaviour fails every run.
 */
class RebalanceExactlyOnceTest {

    private static final String APPLICATION_ID = "rebalance-exactly-once";
    private static final int POSTS = 6;

    @TempDir
    Path dir;

    @Test
    void movedBufferGivesOneResultEach() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().baseDir(dir.resolve("kafka")).build().start();
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0);
                RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url())) {
            cluster.createTopics(Map.of("social-posts", 2, "customer-feedback", 2, "sentiment-results", 1,
                    "sentiment-dead-letter", 1, "sentiment-aggregates", 1));

            try (SentimentApp first = SentimentApp.create(config(cluster, registry, "first", 8000, 5000))) {
                first.start();
                assertTrue(first.awaitRunning(Duration.ofSeconds(60)), "first instance state " + first.state());

                produce(cluster, client);
                awaitRecordsIn(first, POSTS);

                // The buffer waits 30 s, so the records are still buffered when the second instance takes a task.
                try (SentimentApp second = SentimentApp.create(config(cluster, registry, "second", 200, 100))) {
                    second.start();
                    assertTrue(second.awaitRunning(Duration.ofSeconds(60)), "second instance state " + second.state());

                    List<String> ids = readResultKeys(cluster, POSTS, Duration.ofSeconds(90));

                    assertEquals(POSTS, ids.stream().distinct().count(), "inputs with a result: " + ids);
                    assertEquals(POSTS, ids.size(), "results, duplicates included: " + ids);
                    assertTrue(second.counters().results() > 0, "the second instance classified the moved task");
                    assertTrue(second.counters().restoredBuffered() > 0, "the second instance took over buffered records");
                }
            }
        }
    }

    private SentimentAppConfig config(EmbeddedKafkaCluster cluster, SchemaRegistryServer registry, String name,
            long commitIntervalMs, long lingerMs) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("bootstrap.servers", cluster.bootstrapServers());
        overrides.put("schema.registry.url", registry.url());
        overrides.put("application.id", APPLICATION_ID);
        overrides.put("state.dir", dir.resolve("state-" + name).toString());
        overrides.put("engine.type", "dense");
        overrides.put("engine.encoder", "all-minilm-l6-v2");
        overrides.put("engine.threads", "1");
        overrides.put("replication.factor", "1");
        overrides.put("topic.partitions", "2");
        overrides.put("batch.max.records", "10");
        overrides.put("batch.max.wait.ms", "30000");
        // Below the 10 s transaction timeout of Kafka Streams, so the transaction is committed, not expired.
        overrides.put("commit.interval.ms", Long.toString(commitIntervalMs));
        overrides.put("producer.linger.ms", Long.toString(lingerMs));
        overrides.put("heartbeat.interval.ms", "500");
        return SentimentAppConfig.load(null, Map.of(), overrides);
    }

    private static void produce(EmbeddedKafkaCluster cluster, RestSchemaRegistryClient client) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
                AvroSerializer<SocialPost> serializer = new AvroSerializer<>(client)) {
            for (int i = 0; i < POSTS; i++) {
                SocialPost post = TopologyFixture.post("p" + i, "Post number " + i + " reads fine to me.");
                producer.send(new ProducerRecord<>("social-posts", i % 2, post.getId().getBytes(),
                        serializer.serialize("social-posts", post)));
            }
            producer.flush();
        }
    }

    private static void awaitRecordsIn(SentimentApp app, long records) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (app.counters().recordsIn() < records) {
            assertTrue(System.nanoTime() < deadline, "records read by the first instance: " + app.counters().recordsIn());
            Thread.sleep(50);
        }
        assertEquals(0, app.counters().results(), "no batch was flushed before the second instance joined");
    }

    /** Reads result keys until {@code distinct} inputs have one, then reads on for 10 s to catch late duplicates. */
    private static List<String> readResultKeys(EmbeddedKafkaCluster cluster, int distinct, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> keys = new java.util.ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition("sentiment-results", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));

            long deadline = System.nanoTime() + timeout.toNanos();
            while (keys.stream().distinct().count() < distinct && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
            }
            // The first instance commits every 8 s, so a duplicate from it would be visible within 10 s.
            long lateDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < lateDeadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(record.key());
                }
            }
        }
        return keys;
    }
}
