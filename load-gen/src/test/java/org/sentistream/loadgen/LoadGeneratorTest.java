package org.sentistream.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.schemas.FeedbackChannel;
import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.RestSchemaRegistryClient;

/** Runs the generator on a MockProducer, with the real serializer and a real registry server. */
class LoadGeneratorTest {

    private static final String POSTS = "test-posts";
    private static final String FEEDBACK = "test-feedback";

    private static SchemaRegistryServer registry;
    private static RestSchemaRegistryClient registryClient;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = SchemaRegistryServer.start("127.0.0.1", 0);
        registryClient = new RestSchemaRegistryClient(registry.url());
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registryClient != null) {
            registryClient.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** Captures the producer the generator creates and the configuration it passed. */
    private static final class MockProducerFactory implements ProducerFactory {

        final boolean failSends;
        MockProducer<String, byte[]> producer;
        Map<String, Object> config;

        MockProducerFactory(boolean failSends) {
            this.failSends = failSends;
        }

        @Override
        public MockProducer<String, byte[]> create(Map<String, Object> producerConfig) {
            config = producerConfig;
            producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
            if (failSends) {
                producer.sendException = new KafkaException("simulated broker failure");
            }
            return producer;
        }
    }

    private static LoadGeneratorConfig.Builder config(MockProducerFactory factory) {
        return LoadGeneratorConfig.builder()
                .schemaRegistryUrl(registry.url())
                .producerFactory(factory)
                .postsTopic(POSTS)
                .feedbackTopic(FEEDBACK)
                .eventsPerSecond(0)
                .runId("run1")
                .seed(42);
    }

    /** Decodes a wire-format value with the writer schema from the registry, after asserting the magic byte. */
    private static SpecificRecord decode(byte[] value, Class<? extends SpecificRecord> type) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        byte magic = buffer.get();
        assertEquals(0, magic, "magic byte");
        int schemaId = buffer.getInt();

        Schema writerSchema = registryClient.getSchemaById(schemaId);
        SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(writerSchema,
                type == SocialPost.class ? SocialPost.getClassSchema() : FeedbackEvent.getClassSchema());
        return reader.read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
    }

    @Test
    void sendsExactCountAsAvro() throws IOException {
        MockProducerFactory factory = new MockProducerFactory(false);

        LoadGenerator.Stats stats;
        try (LoadGenerator generator = new LoadGenerator(config(factory).events(500).build())) {
            stats = generator.run();
        }

        List<ProducerRecord<String, byte[]>> records = factory.producer.history();
        assertEquals(500, records.size());
        assertEquals(500, stats.sent());
        assertEquals(500, stats.acked());
        assertEquals(0, stats.failed());
        assertEquals(0, stats.corrupt());
        assertEquals(500, records.stream().map(ProducerRecord::key).distinct().count());

        int postSchemaId = registryClient.register(POSTS + "-value", SocialPost.getClassSchema());
        int feedbackSchemaId = registryClient.register(FEEDBACK + "-value", FeedbackEvent.getClassSchema());
        int posts = 0;
        int feedback = 0;
        for (ProducerRecord<String, byte[]> record : records) {
            if (record.topic().equals(POSTS)) {
                posts++;
                assertEquals(postSchemaId, ByteBuffer.wrap(record.value(), 1, 4).getInt(), "schema id");
                SocialPost post = (SocialPost) decode(record.value(), SocialPost.class);
                assertEquals(record.key(), post.getId());
                assertTrue(post.getId().startsWith("post-run1-"), post.getId());
                assertEquals(Platform.FORUM, post.getPlatform());
                assertTrue(post.getAuthorId().matches("author-[0-9a-f]{16}"), post.getAuthorId());
                assertFalse(post.getText().isBlank());
                assertEquals("en", post.getLanguage());
                assertNotNull(post.getCreatedAt());
            } else {
                feedback++;
                assertEquals(FEEDBACK, record.topic());
                assertEquals(feedbackSchemaId, ByteBuffer.wrap(record.value(), 1, 4).getInt(), "schema id");
                FeedbackEvent event = (FeedbackEvent) decode(record.value(), FeedbackEvent.class);
                assertEquals(record.key(), event.getId());
                assertTrue(event.getId().startsWith("feedback-run1-"), event.getId());
                assertEquals(FeedbackChannel.PRODUCT_REVIEW, event.getChannel());
                assertTrue(event.getCustomerId().matches("customer-[0-9a-f]{16}"), event.getCustomerId());
                assertNotNull(event.getProduct());
                assertNull(event.getRating());
            }
        }
        assertEquals(250, posts);
        assertEquals(250, feedback);
    }

    @Test
    void cyclesRowsWithUniqueIds() throws IOException {
        Path posts = dir.resolve("posts.jsonl");
        Files.write(posts, List.of(
                "{\"text\": \"one\", \"platform\": \"reddit\"}",
                "{\"text\": \"two\", \"platform\": \"no-such-network\"}",
                "{\"id\": \"src7\", \"text\": \"three\"}"), StandardCharsets.UTF_8);
        MockProducerFactory factory = new MockProducerFactory(false);

        try (LoadGenerator generator = new LoadGenerator(config(factory).postsFile(posts).postsShare(1.0).events(7).build())) {
            generator.run();
        }

        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Platform> platforms = new ArrayList<>();
        Set<String> authorsOfOne = new HashSet<>();
        for (ProducerRecord<String, byte[]> record : factory.producer.history()) {
            SocialPost post = (SocialPost) decode(record.value(), SocialPost.class);
            ids.add(post.getId());
            texts.add(post.getText());
            platforms.add(post.getPlatform());
            if (post.getText().equals("one")) {
                authorsOfOne.add(post.getAuthorId());
            }
        }
        assertEquals(List.of("post-run1-0", "post-run1-1", "src7-run1-2", "post-run1-3", "post-run1-4",
                "src7-run1-5", "post-run1-6"), ids);
        assertEquals(List.of("one", "two", "three", "one", "two", "three", "one"), texts);
        assertEquals(Platform.REDDIT, platforms.get(0));
        assertEquals(Platform.UNKNOWN, platforms.get(1));
        assertEquals(Platform.UNKNOWN, platforms.get(2));
        assertEquals(1, authorsOfOne.size(), "one pseudonymous author per row");
    }

    @Test
    void corruptRecordsInjected() throws IOException {
        MockProducerFactory factory = new MockProducerFactory(false);

        LoadGenerator.Stats stats;
        try (LoadGenerator generator = new LoadGenerator(config(factory).events(200).corruptFraction(0.1).build())) {
            stats = generator.run();
        }

        Map<String, Integer> corruptByTopic = new HashMap<>();
        Map<String, Integer> validByTopic = new HashMap<>();
        for (ProducerRecord<String, byte[]> record : factory.producer.history()) {
            Class<? extends SpecificRecord> type = record.topic().equals(POSTS) ? SocialPost.class : FeedbackEvent.class;
            boolean valid;
            try {
                SpecificRecord decoded = decodeOrThrow(record.value(), type);
                valid = decoded.get(0).toString().equals(record.key());
            } catch (IOException | RuntimeException | AssertionError e) {
                valid = false;
            }
            (valid ? validByTopic : corruptByTopic).merge(record.topic(), 1, Integer::sum);
        }
        assertEquals(20, stats.corrupt());
        assertEquals(200, stats.sent());
        assertEquals(10, corruptByTopic.get(POSTS));
        assertEquals(10, corruptByTopic.get(FEEDBACK));
        assertEquals(90, validByTopic.get(POSTS));
        assertEquals(90, validByTopic.get(FEEDBACK));
    }

    private static SpecificRecord decodeOrThrow(byte[] value, Class<? extends SpecificRecord> type) throws IOException {
        if (value.length < 5 || value[0] != 0) {
            throw new IOException("not in the wire format");
        }
        return decode(value, type);
    }

    @Test
    void producerDefaultsAndOverrides() {
        MockProducerFactory factory = new MockProducerFactory(false);
        LoadGeneratorConfig config = config(factory)
                .bootstrapServers("127.0.0.1:9092")
                .producerProperty("linger.ms", "20")
                .producerProperty("schema.registry.request.timeout.ms", "3000")
                .build();

        try (LoadGenerator generator = new LoadGenerator(config)) {
            assertEquals("run1", generator.runId());
        }

        assertEquals("127.0.0.1:9092", factory.config.get("bootstrap.servers"));
        assertEquals("all", factory.config.get("acks"));
        assertEquals("true", factory.config.get("enable.idempotence"));
        assertEquals("20", factory.config.get("linger.ms"));
        assertEquals("sentistream-loadgen-run1", factory.config.get("client.id"));
        assertFalse(factory.config.containsKey("schema.registry.request.timeout.ms"));
        assertTrue(factory.producer.closed());
    }

    @Test
    void ackListenerGetsLabels() {
        MockProducerFactory factory = new MockProducerFactory(false);
        Map<String, String> labels = new ConcurrentHashMap<>();

        try (LoadGenerator generator = new LoadGenerator(config(factory).events(100)
                .ackListener((topic, id, label, corrupt) -> labels.put(id, label)).build())) {
            generator.run();
        }

        assertEquals(100, labels.size());
        assertTrue(labels.values().stream().allMatch(l -> l.equals("positive") || l.equals("negative")), labels.toString());
    }

    @Test
    void failedSendsCounted() {
        MockProducerFactory factory = new MockProducerFactory(true);

        LoadGenerator.Stats stats;
        try (LoadGenerator generator = new LoadGenerator(config(factory).events(30).build())) {
            stats = generator.run();
        }

        assertEquals(30, stats.sent());
        assertEquals(0, stats.acked());
        assertEquals(30, stats.failed());
    }

    @Test
    void unreachableBrokerFailsRun() {
        // A KafkaProducer that cannot fetch metadata blocks for max.block.ms, then fails the send through its callback.
        ProducerFactory timingOut = producerConfig -> new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                TimeoutException timeout = new TimeoutException("Topic " + record.topic() + " not present in metadata after 60000 ms.");
                callback.onCompletion(null, timeout);
                return CompletableFuture.failedFuture(timeout);
            }
        };
        LoadGeneratorConfig config = config(new MockProducerFactory(false)).producerFactory(timingOut)
                .bootstrapServers("127.0.0.1:9").events(50).build();

        try (LoadGenerator generator = new LoadGenerator(config)) {
            LoadGeneratorException e = assertThrows(LoadGeneratorException.class, generator::run);

            assertTrue(e.getMessage().contains("127.0.0.1:9"), e.getMessage());
            assertEquals(1, generator.stats().sent());
            assertEquals(1, generator.stats().failed());
        }
    }

    @Test
    void stopEndsUnlimitedRun() throws Exception {
        MockProducerFactory factory = new MockProducerFactory(false);
        AtomicReference<LoadGenerator.Stats> lastProgress = new AtomicReference<>();
        LoadGeneratorConfig config = config(factory).events(0).eventsPerSecond(2_000)
                .progressListener(lastProgress::set, Duration.ofMillis(50)).build();

        LoadGenerator.Stats stats;
        try (LoadGenerator generator = new LoadGenerator(config)) {
            CompletableFuture<LoadGenerator.Stats> run = generator.runAsync();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (generator.stats().acked() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            generator.stop();
            stats = run.get(20, TimeUnit.SECONDS);
        }

        assertTrue(stats.acked() >= 100, "acked " + stats.acked());
        assertEquals(stats.sent(), stats.acked());
        assertEquals(stats.sent(), factory.producer.history().size());
        assertNotNull(lastProgress.get(), "progress listener called");
        assertTrue(stats.elapsed().toNanos() > 0);
    }

    @Test
    void runTwiceRejected() {
        MockProducerFactory factory = new MockProducerFactory(false);

        try (LoadGenerator generator = new LoadGenerator(config(factory).events(1).build())) {
            generator.run();
            assertThrows(IllegalStateException.class, generator::run);
        }
    }

    @Test
    void missingFileRejected() {
        Path missing = dir.resolve("missing.jsonl");
        LoadGeneratorConfig config = config(new MockProducerFactory(false)).postsFile(missing).build();

        LoadGeneratorException e = assertThrows(LoadGeneratorException.class, () -> new LoadGenerator(config));

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void fileWithoutValidRowsRejected() throws IOException {
        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, List.of("not json", "{\"label\": \"positive\"}"), StandardCharsets.UTF_8);
        LoadGeneratorConfig config = config(new MockProducerFactory(false)).feedbackFile(bad).build();

        LoadGeneratorException e = assertThrows(LoadGeneratorException.class, () -> new LoadGenerator(config));

        assertTrue(e.getMessage().contains(bad + ":1"), e.getMessage());
    }

    @Test
    void unreachableRegistryFailsRun() {
        MockProducerFactory factory = new MockProducerFactory(false);
        LoadGeneratorConfig config = config(factory).schemaRegistryUrl("http://127.0.0.1:1").events(5).build();

        try (LoadGenerator generator = new LoadGenerator(config)) {
            LoadGeneratorException e = assertThrows(LoadGeneratorException.class, generator::run);
            assertTrue(e.getMessage().contains("http://127.0.0.1:1"), e.getMessage());
        }
    }

    @Test
    void invalidSettingsRejected() {
        MockProducerFactory factory = new MockProducerFactory(false);

        assertThrows(IllegalArgumentException.class, () -> config(factory).postsShare(1.2).build());
        assertThrows(IllegalArgumentException.class, () -> config(factory).corruptFraction(-0.1).build());
        assertThrows(IllegalArgumentException.class, () -> config(factory).eventsPerSecond(-5).build());
        assertThrows(IllegalArgumentException.class, () -> config(factory).events(-1).build());
        assertThrows(IllegalArgumentException.class, () -> config(factory).runId("a-b").build());
        assertThrows(IllegalArgumentException.class,
                () -> LoadGeneratorConfig.builder().schemaRegistryUrl("http://127.0.0.1:8081").build());
    }
}
