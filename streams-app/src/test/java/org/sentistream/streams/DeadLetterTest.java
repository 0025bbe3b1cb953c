package org.sentistream.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.registry.internals.InMemorySchemaStore;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.serde.WireFormat;

class DeadLetterTest {

    @TempDir
    Path stateDir;

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(DeadLetterReason.BAD_MAGIC_BYTE, bad(f -> new byte[] {1, 0, 0, 0, 1, 2, 3})),
                Arguments.of(DeadLetterReason.TOO_SHORT, bad(f -> new byte[] {0, 0})),
                Arguments.of(DeadLetterReason.TOO_SHORT, bad(f -> new byte[0])),
                Arguments.of(DeadLetterReason.UNKNOWN_SCHEMA_ID, bad(f -> WireFormat.frame(987_654, new byte[] {2, 'a'}))),
                Arguments.of(DeadLetterReason.UNDECODABLE, bad(f -> WireFormat.frame(registeredId(f),
                        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}))),
                Arguments.of(DeadLetterReason.UNDECODABLE, bad(f -> WireFormat.frame(registeredId(f), new byte[0]))),
                Arguments.of(DeadLetterReason.EMPTY_TEXT, bad(f -> f.bytes(TopologyFixture.post("e1", "")))),
                Arguments.of(DeadLetterReason.EMPTY_TEXT, bad(f -> f.bytes(TopologyFixture.post("e2", " \t\n ")))),
                Arguments.of(DeadLetterReason.TEXT_TOO_LONG, bad(f -> f.bytes(TopologyFixture.post("l1", "x".repeat(51))))),
                Arguments.of(DeadLetterReason.MISSING_ID, bad(f -> f.bytes(TopologyFixture.post(" ", "A fine text.")))));
    }

    /** Wraps a lambda so that JUnit prints the reason, not the lambda, as the case name. */
    private static Function<TopologyFixture, byte[]> bad(Function<TopologyFixture, byte[]> value) {
        return value;
    }

    private static int registeredId(TopologyFixture fixture) {
        try {
            return fixture.client.register(fixture.config.postsTopic() + "-value", SocialPost.getClassSchema());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badRecordDeadLettered(DeadLetterReason reason, Function<TopologyFixture, byte[]> valueOf) throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(SentimentAppConfig.TEXT_MAX_CHARS, "50"))) {
            byte[] key = "key-1".getBytes(StandardCharsets.UTF_8);
            byte[] value = valueOf.apply(fixture);
            fixture.posts.pipeInput(key, value, TopologyFixture.START);
            fixture.driver.advanceWallClockTime(Duration.ofSeconds(1));

            List<TestRecord<byte[], byte[]>> deadLetters = fixture.deadLetters.readRecordsToList();
            assertEquals(1, deadLetters.size());
            TestRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
            assertArrayEquals(key, deadLetter.key());
            assertArrayEquals(value, deadLetter.value());
            // A value that decodes keeps its createdAt as record time; any other keeps the input record time.
            boolean decodes = reason == DeadLetterReason.EMPTY_TEXT || reason == DeadLetterReason.TEXT_TOO_LONG
                    || reason == DeadLetterReason.MISSING_ID;
            long recordTime = decodes ? TopologyFixture.CREATED_AT : TopologyFixture.START.toEpochMilli();
            assertEquals(recordTime, deadLetter.getRecordTime().toEpochMilli());

            Headers headers = deadLetter.headers();
            assertEquals(reason.name(), header(headers, DeadLetterHeaders.REASON));
            assertFalse(header(headers, DeadLetterHeaders.ERROR).isBlank());
            assertEquals(fixture.config.postsTopic(), header(headers, DeadLetterHeaders.SOURCE_TOPIC));
            assertEquals("0", header(headers, DeadLetterHeaders.SOURCE_PARTITION));
            assertEquals("0", header(headers, DeadLetterHeaders.SOURCE_OFFSET));
            assertEquals(Long.toString(TopologyFixture.START.toEpochMilli()), header(headers, DeadLetterHeaders.TIMESTAMP));

            assertTrue(fixture.results.isEmpty());
            assertEquals(1.0, fixture.metric("dead-letter-records-total", "reason", reason.name()));
        }
    }

    @Test
    void oversizedValueOmitted() throws Exception {
        Map<String, String> overrides = Map.of("producer.max.request.size", "2000");
        try (TopologyFixture fixture = new TopologyFixture(stateDir, overrides)) {
            byte[] value = new byte[3000];
            value[0] = 7;
            fixture.posts.pipeInput("big".getBytes(), value, TopologyFixture.START);

            TestRecord<byte[], byte[]> deadLetter = fixture.deadLetters.readRecord();
            assertEquals(0, deadLetter.value().length);
            assertEquals("3000", header(deadLetter.headers(), DeadLetterHeaders.VALUE_OMITTED));
            assertEquals("BAD_MAGIC_BYTE", header(deadLetter.headers(), DeadLetterHeaders.REASON));
        }
    }

    @Test
    void recordTooLargeToBufferDeadLettered() throws Exception {
        Map<String, String> overrides = Map.of("producer.max.request.size", "6000", SentimentAppConfig.BATCH_MAX_RECORDS, "1");
        try (TopologyFixture fixture = new TopologyFixture(stateDir, overrides)) {
            // A short text with a huge hashtag decodes fine, but its buffered copy would not fit a changelog record.
            SocialPost big = TopologyFixture.post("big-1", "A fine text.");
            big.setHashtags(List.of("x".repeat(5600)));
            byte[] bigBytes = fixture.bytes(big);
            fixture.posts.pipeInput("big-1".getBytes(), bigBytes, TopologyFixture.START);
            fixture.pipe(TopologyFixture.post("small-1", "Another fine text."));

            TestRecord<byte[], byte[]> deadLetter = fixture.deadLetters.readRecord();
            assertEquals("RECORD_TOO_LARGE", header(deadLetter.headers(), DeadLetterHeaders.REASON));
            assertTrue(header(deadLetter.headers(), DeadLetterHeaders.ERROR).contains("record limit of 6000 bytes"));
            // The dead letter would be as large, so it carries the size instead of the value.
            assertEquals(Integer.toString(bigBytes.length), header(deadLetter.headers(), DeadLetterHeaders.VALUE_OMITTED));
            assertEquals(List.of("small-1"), fixture.results.readKeyValuesToList().stream().map(kv -> kv.key).toList());
            assertEquals(1.0, fixture.metric("dead-letter-records-total", "reason", "RECORD_TOO_LARGE"));
        }
    }

    @Test
    void smallValueKept() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of("producer.max.request.size", "2000"))) {
            byte[] value = new byte[1000];
            value[0] = 7;
            fixture.posts.pipeInput("small".getBytes(), value, TopologyFixture.START);

            TestRecord<byte[], byte[]> deadLetter = fixture.deadLetters.readRecord();
            assertArrayEquals(value, deadLetter.value());
            assertEquals(null, deadLetter.headers().lastHeader(DeadLetterHeaders.VALUE_OMITTED));
        }
    }

    @Test
    void errorHeaderOmitsText() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(SentimentAppConfig.TEXT_MAX_CHARS, "10"))) {
            String text = "secret-body-that-is-too-long";
            fixture.posts.pipeInput("k".getBytes(), fixture.bytes(TopologyFixture.post("s1", text)), TopologyFixture.START);

            String error = header(fixture.deadLetters.readRecord().headers(), DeadLetterHeaders.ERROR);
            assertFalse(error.contains(text), error);
            assertTrue(error.contains("text.max.chars=10"), error);
        }
    }

    @Test
    void deadLetterMetricPerReason() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            fixture.pipe(TopologyFixture.post("e1", ""));
            fixture.pipe(TopologyFixture.post("e2", "   "));
            fixture.posts.pipeInput("k".getBytes(), new byte[] {9, 9, 9, 9, 9, 9}, TopologyFixture.START);

            assertEquals(2.0, fixture.metric("dead-letter-records-total", "reason", "EMPTY_TEXT"));
            assertEquals(1.0, fixture.metric("dead-letter-records-total", "reason", "BAD_MAGIC_BYTE"));
            assertEquals(0.0, fixture.metric("dead-letter-records-total", "reason", "TOO_SHORT"));
            assertEquals(3, fixture.counters.snapshot().deadLetters());
        }
    }

    @Test
    void feedbackDeadLettered() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            fixture.feedback.pipeInput("k".getBytes(), new byte[] {0, 0, 0}, TopologyFixture.START);

            TestRecord<byte[], byte[]> deadLetter = fixture.deadLetters.readRecord();
            assertEquals("TOO_SHORT", header(deadLetter.headers(), DeadLetterHeaders.REASON));
            assertEquals(fixture.config.feedbackTopic(), header(deadLetter.headers(), DeadLetterHeaders.SOURCE_TOPIC));
        }
    }

    @Test
    void inferenceFailureIsolatesRecord() throws Exception {
        TopologyFixture.FailingClassifier failing = new TopologyFixture.FailingClassifier(TopologyFixture.sharedClassifier());
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(SentimentAppConfig.BATCH_MAX_RECORDS, "4"), failing)) {
            SocialPost poison = TopologyFixture.post("p2", "Breaks the model " + TopologyFixture.MARKER_FAIL);
            byte[] poisonBytes = fixture.bytes(poison);
            fixture.pipe(TopologyFixture.post("p0", "Fine text zero."));
            fixture.pipe(TopologyFixture.post("p1", "Fine text one."));
            fixture.posts.pipeInput("p2".getBytes(), poisonBytes, TopologyFixture.START);
            fixture.pipe(TopologyFixture.post("p3", "Fine text three."));

            assertEquals(List.of("p0", "p1", "p3"), fixture.results.readKeyValuesToList().stream().map(kv -> kv.key).toList());
            TestRecord<byte[], byte[]> deadLetter = fixture.deadLetters.readRecord();
            assertArrayEquals(poisonBytes, deadLetter.value());
            assertEquals("INFERENCE_FAILED", header(deadLetter.headers(), DeadLetterHeaders.REASON));
            assertEquals("2", header(deadLetter.headers(), DeadLetterHeaders.SOURCE_OFFSET));
            assertTrue(fixture.deadLetters.isEmpty());
            // 4 -> [2 fails -> 1 ok, 1 fails alone] + [2 ok]
            assertEquals(5, failing.calls);
            assertEquals(1.0, fixture.metric("dead-letter-records-total", "reason", "INFERENCE_FAILED"));
        }
    }

    @Test
    void unreachableRegistryThrows() throws Exception {
        byte[] value;
        try (SchemaRegistryServer other = SchemaRegistryServer.start("127.0.0.1", 0);
                RestSchemaRegistryClient otherClient = new RestSchemaRegistryClient(other.url())) {
            value = new AvroSerializer<SocialPost>(otherClient)
                    .serialize("social-posts", TopologyFixture.post("p1", "Fine."));
        }

        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(SentimentAppConfig.SCHEMA_REGISTRY_RETRY_MAX_MS, "0"))) {
            fixture.server.close();

            assertThrows(StreamsException.class,
                    () -> fixture.posts.pipeInput("p1".getBytes(), value, TopologyFixture.START));
            assertTrue(fixture.deadLetters.isEmpty());
        }
    }

    @Test
    void registryOutageRetriedUntilBack() throws Exception {
        InMemorySchemaStore store = new InMemorySchemaStore();
        Map<String, String> overrides = Map.of(SentimentAppConfig.BATCH_MAX_RECORDS, "1",
                SentimentAppConfig.SCHEMA_REGISTRY_RETRY_MAX_MS, "20000");
        try (TopologyFixture fixture = new TopologyFixture(stateDir, overrides, TopologyFixture.sharedClassifier(), store)) {
            // Registered on this server, but never fetched by the application's client, whose cache stays empty.
            byte[] value;
            try (RestSchemaRegistryClient producerClient = new RestSchemaRegistryClient(fixture.server.url())) {
                value = new AvroSerializer<SocialPost>(producerClient)
                        .serialize(fixture.config.postsTopic(), TopologyFixture.post("r1", "Back online, all good."));
            }
            fixture.client.register(fixture.config.resultsTopic() + "-value", SentimentResult.getClassSchema());
            int port = fixture.server.port();
            fixture.server.close();

            CompletableFuture<SchemaRegistryServer> restarted = CompletableFuture.supplyAsync(() -> {
                sleep(1500);
                return SchemaRegistryServer.start("127.0.0.1", port, store);
            });
            try {
                fixture.posts.pipeInput("r1".getBytes(), value, TopologyFixture.START);
            } finally {
                restarted.get(30, TimeUnit.SECONDS).close();
            }

            assertEquals(List.of("r1"), fixture.results.readKeyValuesToList().stream().map(kv -> kv.key).toList());
            assertTrue(fixture.deadLetters.isEmpty());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted before restarting the registry", e);
        }
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        assertNotNull(header, "missing header " + name);
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
