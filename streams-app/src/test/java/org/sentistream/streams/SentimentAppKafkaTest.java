package org.sentistream.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RestSchemaRegistryClient;

/** Runs {@link SentimentApp} with exactly_once_v2 against a real one-node Kafka cluster and registry. */
class SentimentAppKafkaTest {

    @TempDir
    Path dir;

    @Test
    void appClassifiesOverKafka() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().baseDir(dir.resolve("kafka")).build().start();
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0);
                RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url())) {
            cluster.createTopics(Map.of("social-posts", 2, "customer-feedback", 2, "sentiment-results", 1,
                    "sentiment-dead-letter", 1, "sentiment-aggregates", 1));

            Map<String, String> overrides = new HashMap<>();
            overrides.put("health.port", "0");
            // A 6000-byte dead letter is over this limit, so it must be written without its value.
            overrides.put("producer.max.request.size", "4000");
            overrides.put("producer.batch.size", "4000");
            overrides.put("aggregate.grace.ms", "0");
            SentimentAppConfig config = config(cluster, registry, overrides);

            try (SentimentApp app = SentimentApp.create(config)) {
                app.start();
                assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "state " + app.state());

                Set<Integer> partitions = produce(cluster, client);
                // The posts of one window come from both input partitions, so a count per input task would be partial.
                assertEquals(Set.of(0, 1), partitions);

                List<ConsumerRecord<String, byte[]>> results = consume(cluster, "sentiment-results", 3);
                // Only now, so that no result of the first window reaches the aggregator after the window closed.
                produceClosingPost(cluster, client);
                List<ConsumerRecord<String, byte[]>> deadLetters = consume(cluster, "sentiment-dead-letter", 2);
                AvroDeserializer<SentimentResult> deserializer = new AvroDeserializer<>(client, SentimentResult.class);
                List<String> ids = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : results) {
                    ids.add(deserializer.deserialize(record.topic(), record.value()).getInputId());
                }

                assertEquals(3, results.size());
                assertTrue(ids.containsAll(List.of("p0", "p1", "p2")), ids.toString());

                List<ConsumerRecord<String, byte[]>> aggregates = consume(cluster, "sentiment-aggregates", 1);
                assertEquals(1, aggregates.size(), "one record for the closed window");
                long windowStart = TopologyFixture.CREATED_AT - Math.floorMod(TopologyFixture.CREATED_AT, 60_000L);
                assertEquals("SOCIAL_POST/MASTODON/" + Instant.ofEpochMilli(windowStart), aggregates.get(0).key());
                JsonNode window = new ObjectMapper().readTree(aggregates.get(0).value());
                assertEquals(3, window.get("total").asLong(), "every result of the window, from both input partitions");
                assertEquals(2, deadLetters.size());
                ConsumerRecord<String, byte[]> large = deadLetters.get(1);
                assertEquals("large", large.key());
                assertEquals(0, large.value().length);
                assertEquals("6000", new String(large.headers().lastHeader(DeadLetterHeaders.VALUE_OMITTED).value(),
                        StandardCharsets.UTF_8));
                assertEquals(KafkaStreams.State.RUNNING, app.state());
                assertTrue(app.healthPort() > 0);
                assertEquals(200, get(app.healthPort(), "/ready"));
                assertEquals(200, get(app.healthPort(), "/health"));
                // Under exactly_once_v2 a too-large send would abort the transaction and replay the input forever.
                assertEquals(0, app.counters().productionFailures());
                assertEquals(2, app.counters().deadLetters());
            }
        }
    }

    @Test
    void deadLetterFitsTopicMessageLimit() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().baseDir(dir.resolve("kafka")).build().start();
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0);
                RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url())) {
            cluster.createTopics(Map.of("social-posts", 1, "customer-feedback", 1, "sentiment-results", 1,
                    "sentiment-aggregates", 1));
            // The producer's max.request.size stays at 1 MiB, so only the topic's own limit rejects a 6000-byte value.
            NewTopic deadLetters = new NewTopic("sentiment-dead-letter", 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4000"));
            cluster.admin().createTopics(List.of(deadLetters)).all().get();

            SentimentAppConfig config = config(cluster, registry, Map.of());

            try (SentimentApp app = SentimentApp.create(config)) {
                app.start();
                assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "state " + app.state());

                Properties props = new Properties();
                props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                        new ByteArraySerializer());
                        AvroSerializer<SocialPost> serializer = new AvroSerializer<>(client)) {
                    byte[] tooLarge = new byte[6000];
                    tooLarge[0] = 7;
                    producer.send(new ProducerRecord<>("social-posts", "large".getBytes(), tooLarge)).get();
                    SocialPost post = TopologyFixture.post("after", "The post after the large record is fine.");
                    producer.send(new ProducerRecord<>("social-posts", post.getId().getBytes(),
                            serializer.serialize("social-posts", post))).get();
                }

                List<ConsumerRecord<String, byte[]>> deadLetterRecords = consume(cluster, "sentiment-dead-letter", 1);
                List<ConsumerRecord<String, byte[]>> results = consume(cluster, "sentiment-results", 1);

                // Without the topic's limit the dead letter fails on the broker, its transaction aborts and the
                // input is replayed forever, so neither output is ever committed.
                assertEquals(1, deadLetterRecords.size());
                assertEquals("large", deadLetterRecords.get(0).key());
                assertEquals(0, deadLetterRecords.get(0).value().length);
                assertEquals("6000", new String(deadLetterRecords.get(0).headers()
                        .lastHeader(DeadLetterHeaders.VALUE_OMITTED).value(), StandardCharsets.UTF_8));
                assertEquals(1, results.size());
                AvroDeserializer<SentimentResult> deserializer = new AvroDeserializer<>(client, SentimentResult.class);
                assertEquals("after", deserializer.deserialize("sentiment-results", results.get(0).value()).getInputId());
                assertEquals(0, app.counters().productionFailures());
                assertEquals(KafkaStreams.State.RUNNING, app.state());
            }
        }
    }

    /** Returns the configuration of an app on {@code cluster} and {@code registry}, with {@code extra} on top. */
    private SentimentAppConfig config(EmbeddedKafkaCluster cluster, SchemaRegistryServer registry,
            Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("bootstrap.servers", cluster.bootstrapServers());
        overrides.put("schema.registry.url", registry.url());
        overrides.put("state.dir", dir.resolve("state").toString());
        overrides.put("engine.encoder", "all-minilm-l6-v2");
        overrides.put("replication.factor", "1");
        overrides.put("commit.interval.ms", "200");
        overrides.putAll(extra);
        return SentimentAppConfig.load(null, Map.of(), overrides);
    }

    /** Sends three posts of one window over both partitions and two bad records; returns the posts' partitions. */
    private static Set<Integer> produce(EmbeddedKafkaCluster cluster, RestSchemaRegistryClient client) throws Exception {
        Set<Integer> partitions = new HashSet<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
                AvroSerializer<SocialPost> serializer = new AvroSerializer<>(client)) {
            for (int i = 0; i < 3; i++) {
                SocialPost post = TopologyFixture.post("p" + i, "Post number " + i + " is quite nice.");
                RecordMetadata sent = producer.send(new ProducerRecord<>("social-posts", i % 2, post.getId().getBytes(),
                        serializer.serialize("social-posts", post))).get();
                partitions.add(sent.partition());
            }
            producer.send(new ProducerRecord<>("social-posts", "bad".getBytes(), new byte[] {7, 7}));
            byte[] tooLarge = new byte[6000];
            tooLarge[0] = 7;
            producer.send(new ProducerRecord<>("social-posts", "large".getBytes(), tooLarge));
            producer.flush();
        }
        return partitions;
    }

    /** Sends a post two minutes after the others, which closes their window. */
    private static void produceClosingPost(EmbeddedKafkaCluster cluster, RestSchemaRegistryClient client) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
                AvroSerializer<SocialPost> serializer = new AvroSerializer<>(client)) {
            SocialPost closing = TopologyFixture.post("p3", "A post two minutes later.");
            closing.setCreatedAt(TopologyFixture.CREATED_AT + 120_000L);
            producer.send(new ProducerRecord<>("social-posts", closing.getId().getBytes(),
                    serializer.serialize("social-posts", closing))).get();
        }
    }

    private static int get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<ConsumerRecord<String, byte[]>> consume(EmbeddedKafkaCluster cluster, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
