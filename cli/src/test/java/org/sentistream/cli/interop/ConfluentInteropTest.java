package org.sentistream.cli.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.registry.KafkaSchemaStore;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.serde.SerdeConfig;
import org.sentistream.streams.SentimentApp;
import org.sentistream.streams.SentimentAppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interoperability with an independent Confluent client: Debian's python3-confluent-kafka 1.7.0 on
 * librdkafka 2.0.2, against a real KRaft broker, the Kafka-backed registry and the streams
 * application with the all-minilm-l6-v2 encoder. The pipeline starts once for the class.
 *
 * <p>Skipped when python3 or its Confluent packages are missing, unless the environment variable
 * {@code SENTISTREAM_REQUIRE_INTEROP=1} makes that a failure.
 */
class ConfluentInteropTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConfluentInteropTest.class);

    private static final int POSTS = 1_000;
    private static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(5);
    private static final String POSTS_TOPIC = "social-posts";
    private static final String RESULTS_TOPIC = "sentiment-results";

    private static ConfluentPython python;
    private static EmbeddedKafkaCluster kafka;
    private static SchemaRegistryServer registry;
    private static SentimentApp app;
    private static Path workDir;

    @BeforeAll
    static void startPipeline() throws Exception {
        workDir = Path.of("target", "interop");
        String[] problem = new String[1];
        Optional<ConfluentPython> found = ConfluentPython.find(Path.of("..", "interop", "python"), workDir, problem);
        if (found.isEmpty()) {
            String message = "Confluent Python client unavailable (" + problem[0] + "); install the Debian packages "
                    + ConfluentPython.PACKAGES;
            if ("1".equals(System.getenv("SENTISTREAM_REQUIRE_INTEROP"))) {
                fail(message + ". SENTISTREAM_REQUIRE_INTEROP=1 makes this a failure");
            }
            Assumptions.assumeTrue(false, message);
        }
        python = found.get();

        long start = System.nanoTime();
        kafka = EmbeddedKafkaCluster.builder().build().start();
        kafka.createTopics(Map.of(POSTS_TOPIC, 2, "customer-feedback", 1, RESULTS_TOPIC, 2,
                "sentiment-dead-letter", 1, "sentiment-aggregates", 1));
        registry = SchemaRegistryServer.start("127.0.0.1", 0, KafkaSchemaStore.open(kafka.bootstrapServers()));

        Map<String, String> overrides = new HashMap<>();
        overrides.put("bootstrap.servers", kafka.bootstrapServers());
        overrides.put("schema.registry.url", registry.url());
        overrides.put("application.id", "confluent-interop");
        overrides.put("state.dir", kafka.baseDir().resolve("state").toString());
        overrides.put("engine.encoder", "all-minilm-l6-v2");
        overrides.put("commit.interval.ms", "200");
        app = SentimentApp.create(SentimentAppConfig.load(null, Map.of(), overrides));
        app.start();
        assertTrue(app.awaitRunning(Duration.ofSeconds(90)), "app state " + app.state());
        LOG.info("Interop pipeline ready in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void stopPipeline() {
        if (app != null) {
            app.close(Duration.ofSeconds(30));
        }
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void pythonRegistryClientRoundTrips() throws Exception {
        JsonNode summary = python.run("registry_roundtrip.py", Duration.ofSeconds(60),
                "--registry-url", registry.url(),
                "--schema-file", schemaFile().toString(),
                "--subject", "interop-roundtrip-value");

        assertTrue(summary.get("id").asInt() > 0, summary.toString());
        assertEquals("org.sentistream.schemas.SocialPost", summary.get("fetched_full_name").asText());
        assertTrue(summary.get("fetched_equals").asBoolean(), summary.toString());
        assertEquals(summary.get("id").asInt(), summary.get("latest_id").asInt());
        assertEquals(1, summary.get("latest_version").asInt());
        assertTrue(summary.get("latest_equals").asBoolean(), summary.toString());
        assertEquals(1, summary.get("version").asInt());
        assertTrue(summary.get("optional_field_compatible").asBoolean(), summary.toString());
        assertFalse(summary.get("required_field_compatible").asBoolean(), summary.toString());
    }

    @Test
    void appClassifiesPythonPosts() throws Exception {
        long start = System.nanoTime();
        JsonNode produced = python.run("produce_posts.py", Duration.ofSeconds(120),
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--registry-url", registry.url(),
                "--schema-file", schemaFile().toString(),
                "--topic", POSTS_TOPIC,
                "--count", Integer.toString(POSTS),
                "--id-prefix", "py-");
        assertEquals(POSTS, produced.get("produced").asInt(), produced.toString());
        assertEquals(0, produced.get("failed").asInt(), produced.toString());

        Set<String> ids = readResultIds("py-", POSTS);
        LOG.info("The app classified {} posts of the Python producer in {} ms", ids.size(),
                (System.nanoTime() - start) / 1_000_000);

        assertEquals(POSTS, ids.size());
    }

    @Test
    void pythonDecodesAppResults() throws Exception {
        long start = System.nanoTime();
        produceWithOurSerializer("java-", POSTS);

        JsonNode consumed = python.run("consume_results.py", PIPELINE_TIMEOUT.plusSeconds(30),
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--registry-url", registry.url(),
                "--topic", RESULTS_TOPIC,
                "--expect", Integer.toString(POSTS),
                "--id-prefix", "java-",
                "--timeout", Long.toString(PIPELINE_TIMEOUT.toSeconds()));
        LOG.info("The Python consumer decoded {} results in {} ms, labels {}", consumed.get("count").asInt(),
                (System.nanoTime() - start) / 1_000_000, consumed.get("labels"));

        assertEquals(POSTS, consumed.get("count").asInt(), consumed.toString().substring(0, 300));
        assertEquals(0, consumed.get("decode_errors").asInt(), consumed.get("first_error").asText());
        assertEquals(POSTS, sum(consumed.get("labels")));
        assertEquals("java-0", consumed.get("ids").get(0).asText());
    }

    /** Writes the self-contained SocialPost schema, with Platform inlined, for the Python scripts. */
    private static Path schemaFile() throws Exception {
        Path file = workDir.resolve("SocialPost.json");
        Files.writeString(file, SocialPost.getClassSchema().toString());
        return file;
    }

    private static void produceWithOurSerializer(String prefix, int count) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);

        // A producer given serializer instances does not configure them, so this does.
        AvroSerializer<SocialPost> serializer = new AvroSerializer<>();
        serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        try (KafkaProducer<String, SocialPost> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            for (int i = 0; i < count; i++) {
                SocialPost post = SocialPost.newBuilder()
                        .setId(prefix + i)
                        .setPlatform(Platform.values()[i % Platform.values().length])
                        .setAuthorId("author-" + (i % 89))
                        .setText(i % 2 == 0 ? "Loving the new dashboard, so much faster" : "Checkout failed three times, awful")
                        .setCreatedAt(System.currentTimeMillis())
                        .build();
                producer.send(new ProducerRecord<>(POSTS_TOPIC, post.getId(), post));
            }
            producer.flush();
        }
    }

    /** Reads the results topic from the start with read_committed until {@code expected} ids with the prefix arrived. */
    private static Set<String> readResultIds(String prefix, int expected) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);

        Set<String> ids = new HashSet<>();
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url());
             KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            AvroDeserializer<SentimentResult> deserializer = new AvroDeserializer<>(client, SentimentResult.class);
            List<TopicPartition> partitions = consumer.partitionsFor(RESULTS_TOPIC).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);

            long deadline = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
            while (ids.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String id = deserializer.deserialize(record.topic(), record.value()).getInputId();
                    if (id.startsWith(prefix)) {
                        ids.add(id);
                    }
                }
            }
        }
        return ids;
    }

    private static int sum(JsonNode counts) {
        int total = 0;
        for (JsonNode count : counts) {
            total += count.asInt();
        }
        return total;
    }
}
