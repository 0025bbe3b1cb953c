package org.sentistream.connect;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.schemas.FeedbackChannel;
import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.RestSchemaRegistryClient;

/**
 * The feedback file source in a real standalone worker against a real broker and registry:
 * exact rows, a restart in the middle of a file, bad rows in the dead letter topic.
 */
class FeedbackSourceConnectorTest {

    private static final String CSV = String.join("\r\n",
            "review_id,app_name,stars,date,review_body,user",
            "r1,Acme Notes,5,2026-11-02,Love it,u1",
            "r2,Acme Notes,1,2026-11-02,\"Crashes on start, every time\",u2",
            "r3,Acme Notes,4,2026-11-03,\"Good, but the \"\"sync\"\" button\nis hidden\",u3",
            "r4,Acme Notes,five,2026-11-03,Rating is not a number,u4",
            "r5,Acme Notes,3,2026-11-04,Meh,u5",
            "r6,Acme Notes,2,2026-11-04,\"Two\n\nparagraphs\",u6",
            "r7,Acme Notes,5,2026-11-05,Fixed my workflow,u7",
            "r8,Acme Notes,4,2026-11-05,\"Last row, quoted\",u8",
            "");

    private static EmbeddedKafkaCluster kafka;
    private static SchemaRegistryServer registry;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startCluster() {
        kafka = EmbeddedKafkaCluster.builder().build().start();
        kafka.createTopics(Map.of("customer-feedback", 1, "feedback-jsonl", 1, "sentiment-dead-letter", 1,
                "dead-letter-jsonl", 1, "feedback-bad", 1, "dead-letter-bad", 1, "feedback-replaced", 1,
                "dead-letter-replaced", 1));
        registry = SchemaRegistryServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopCluster() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void restartNeitherRepeatsNorSkips() throws Exception {
        Path input = Files.createDirectories(workDir.resolve("in"));
        Files.writeString(input.resolve("reviews-2026-11.csv"), CSV, StandardCharsets.UTF_8);
        Map<String, String> config = connectorConfig(input, "customer-feedback", "sentiment-dead-letter");
        // Slow reading makes the first worker stop in the middle of the file.
        config.put("max.rows.per.second", "1");
        config.put("batch.max.records", "1");
        Path offsets = workDir.resolve("offsets");

        int beforeRestart;
        try (ConnectTestWorker worker = ConnectTestWorker.start(kafka.bootstrapServers(), registry.url(), offsets)) {
            worker.createConnector("feedback", config);
            beforeRestart = events("customer-feedback", 2).size();
            // Offsets reach the file only on a flush. Stopping before the first one would restart from row 1,
            // which is Connect's at-least-once behaviour after a stop with nothing flushed, not what this tests.
            awaitOffsetsWritten(offsets);
        }
        assertTrue(beforeRestart < 7, "the first worker must stop in the middle, but it read " + beforeRestart);
        assertTrue(Files.exists(input.resolve("reviews-2026-11.csv")), "the first worker finished the file before the restart");

        List<FeedbackEvent> events;
        try (ConnectTestWorker worker = ConnectTestWorker.start(kafka.bootstrapServers(), registry.url(), offsets)) {
            worker.createConnector("feedback", config);
            events = events("customer-feedback", 7);
            waitForFile(workDir.resolve("in/done/reviews-2026-11.csv"));
        }

        assertEquals(List.of("r1", "r2", "r3", "r5", "r6", "r7", "r8"), events.stream().map(FeedbackEvent::getId).toList());
        FeedbackEvent third = events.get(2);
        assertEquals("Good, but the \"sync\" button\nis hidden", third.getText());
        assertEquals(4, third.getRating());
        assertEquals("Acme Notes", third.getProduct());
        assertEquals(FeedbackChannel.APP_REVIEW, third.getChannel());
        assertEquals(1_793_664_000_000L, third.getCreatedAt());
        assertEquals("u3", third.getCustomerId());
        assertEquals("Two\n\nparagraphs", events.get(4).getText());
        assertFalse(Files.exists(input.resolve("reviews-2026-11.csv")));

        List<ConsumerRecord<String, byte[]>> deadLetters = ConnectTestWorker.consumeBytes(kafka.bootstrapServers(),
                "sentiment-dead-letter", 1, Duration.ofSeconds(20));
        assertEquals(1, deadLetters.size());
        assertEquals("reviews-2026-11.csv:4", deadLetters.get(0).key());
        assertEquals("INVALID_VALUE", header(deadLetters.get(0), "dlq.reason"));
        assertEquals("r4,Acme Notes,five,2026-11-03,Rating is not a number,u4",
                new String(deadLetters.get(0).value(), StandardCharsets.UTF_8));
    }

    @Test
    void readsJsonLinesWithNestedFields() throws Exception {
        Path input = Files.createDirectories(workDir.resolve("jsonl"));
        Files.writeString(input.resolve("survey.jsonl"), String.join("\n",
                "{\"answer\": {\"id\": \"s1\", \"comment\": \"Support was quick\"}, \"score\": 9, \"at\": 1794182400000}",
                "{\"answer\": {\"id\": \"s2\", \"comment\": \"never again\"",
                "",
                "{\"answer\": {\"id\": \"s3\", \"comment\": \"Fine\"}, \"score\": 7, \"at\": 1794268800000}",
                ""), StandardCharsets.UTF_8);
        Map<String, String> config = connectorConfig(input, "feedback-jsonl", "dead-letter-jsonl");
        config.put("channel", "SURVEY");
        config.put("mapping.id", "answer.id");
        config.put("mapping.text", "answer.comment");
        config.put("mapping.rating", "score");
        config.put("mapping.created_at", "at");
        config.put("created_at.format", "epoch_ms");
        config.remove("mapping.product");
        config.remove("mapping.customer_id");

        List<FeedbackEvent> events;
        try (ConnectTestWorker worker = ConnectTestWorker.start(kafka.bootstrapServers(), registry.url(),
                workDir.resolve("offsets-jsonl"))) {
            worker.createConnector("feedback-jsonl", config);
            events = events("feedback-jsonl", 2);
        }

        assertEquals(List.of("s1", "s3"), events.stream().map(FeedbackEvent::getId).toList());
        assertEquals("Support was quick", events.get(0).getText());
        assertEquals(9, events.get(0).getRating());
        assertEquals(FeedbackChannel.SURVEY, events.get(0).getChannel());
        assertEquals("unknown", events.get(0).getCustomerId());

        List<ConsumerRecord<String, byte[]>> deadLetters = ConnectTestWorker.consumeBytes(kafka.bootstrapServers(),
                "dead-letter-jsonl", 1, Duration.ofSeconds(20));
        assertEquals(1, deadLetters.size());
        assertEquals("survey.jsonl:2", deadLetters.get(0).key());
        assertEquals("UNPARSEABLE", header(deadLetters.get(0), "dlq.reason"));
    }

    @Test
    void badBytesAndHugeRowsAreDeadLettered() throws Exception {
        Path input = Files.createDirectories(workDir.resolve("bad"));
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        jsonl.writeBytes("{\"id\": \"b1\", \"text\": \"fine\"}\n".getBytes(StandardCharsets.UTF_8));
        jsonl.writeBytes("{\"id\": \"b2\", \"text\": \"bad ".getBytes(StandardCharsets.UTF_8));
        jsonl.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe});
        jsonl.writeBytes(" bytes\"}\n".getBytes(StandardCharsets.UTF_8));
        jsonl.writeBytes(("{\"id\": \"b3\", \"text\": \"" + "x".repeat(5_000) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        jsonl.writeBytes("{\"id\": \"b4\", \"text\": \"also fine\"}\n{\"id\": \"b5\"}\n".getBytes(StandardCharsets.UTF_8));
        Files.write(input.resolve("a.jsonl"), jsonl.toByteArray());
        Files.write(input.resolve("b.csv"), concat("id,text\nc1,ok\nc2,caf".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xc3}, "\nc3,also ok\n".getBytes(StandardCharsets.UTF_8)));
        // A byte order mark, as Excel's "CSV UTF-8" writes, must not become part of the first column's name.
        Files.write(input.resolve("c.csv"), concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                "id,text\nd1,after a byte order mark\n".getBytes(StandardCharsets.UTF_8)));
        Map<String, String> config = idTextConfig(input, "feedback-bad", "dead-letter-bad");
        config.put("row.max.chars", "1000");

        List<FeedbackEvent> events;
        try (ConnectTestWorker worker = ConnectTestWorker.start(kafka.bootstrapServers(), registry.url(),
                workDir.resolve("offsets-bad"))) {
            worker.createConnector("feedback-bad", config);
            events = events("feedback-bad", 5);
            waitForFile(input.resolve("done/c.csv"));
        }

        assertEquals(List.of("b1", "b4", "c1", "c3", "d1"), events.stream().map(FeedbackEvent::getId).toList());
        Map<String, ConsumerRecord<String, byte[]>> deadLetters = new HashMap<>();
        ConnectTestWorker.consumeBytes(kafka.bootstrapServers(), "dead-letter-bad", 4, Duration.ofSeconds(20))
                .forEach(record -> deadLetters.put(record.key(), record));
        assertEquals(Set.of("a.jsonl:2", "a.jsonl:3", "a.jsonl:5", "b.csv:2"), deadLetters.keySet());
        assertEquals("UNPARSEABLE", header(deadLetters.get("a.jsonl:2"), "dlq.reason"));
        assertEquals("TOO_LARGE", header(deadLetters.get("a.jsonl:3"), "dlq.reason"));
        assertEquals(1000, new String(deadLetters.get("a.jsonl:3").value(), StandardCharsets.UTF_8).length());
        assertEquals("MISSING_FIELD", header(deadLetters.get("a.jsonl:5"), "dlq.reason"));
        assertEquals("UNPARSEABLE", header(deadLetters.get("b.csv:2"), "dlq.reason"));
    }

    @Test
    void fileReplacedWhileReadIsReadAgain() throws Exception {
        Path input = Files.createDirectories(workDir.resolve("replaced"));
        Path file = input.resolve("r.jsonl");
        Files.writeString(file, rows("old", 10), StandardCharsets.UTF_8);
        Map<String, String> config = idTextConfig(input, "feedback-replaced", "dead-letter-replaced");
        config.put("max.rows.per.second", "5");

        List<FeedbackEvent> events;
        try (ConnectTestWorker worker = ConnectTestWorker.start(kafka.bootstrapServers(), registry.url(),
                workDir.resolve("offsets-replaced"))) {
            worker.createConnector("feedback-replaced", config);
            events("feedback-replaced", 1);
            Path next = Files.writeString(workDir.resolve("r.jsonl"), rows("new", 3), StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
            events = events("feedback-replaced", 13);
            waitForFile(input.resolve("done/r.jsonl"));
        }

        List<String> ids = events.stream().map(FeedbackEvent::getId).toList();
        assertEquals(13, ids.size(), ids.toString());
        assertTrue(ids.containsAll(List.of("old-1", "old-10", "new-1", "new-2", "new-3")), ids.toString());
        assertEquals(rows("new", 3), Files.readString(input.resolve("done/r.jsonl")));
    }

    @Test
    void missingDeadLetterTopicFailsTask() throws Exception {
        Path input = Files.createDirectories(workDir.resolve("no-dlq"));
        Map<String, String> config = connectorConfig(input, "feedback-bad", "no-such-dead-letter-topic");

        String state;
        try (ConnectTestWorker worker = ConnectTestWorker.start(kafka.bootstrapServers(), registry.url(),
                workDir.resolve("offsets-no-dlq"))) {
            worker.createConnector("feedback-no-dlq", config);
            state = awaitTaskState(worker, "feedback-no-dlq", "FAILED");
        }

        assertTrue(state.startsWith("FAILED"), state);
        assertTrue(state.contains("Dead letter topic no-such-dead-letter-topic is not available"), state);
    }

    @Test
    void missingInputDirRejectedAtValidation() throws Exception {
        Map<String, String> config = connectorConfig(workDir.resolve("absent"), "feedback-bad", "dead-letter-bad");

        try (ConnectTestWorker worker = ConnectTestWorker.start(kafka.bootstrapServers(), registry.url(),
                workDir.resolve("offsets-absent"))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> worker.createConnector("feedback-absent", config));

            assertTrue(e.getMessage().contains("does not exist. Create it or fix input.dir"), e.getMessage());
        }
    }

    private static String awaitTaskState(ConnectTestWorker worker, String connector, String expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String state = worker.taskState(connector);
        while ((state == null || !state.startsWith(expected)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            state = worker.taskState(connector);
        }
        return String.valueOf(state);
    }

    /** Returns the connector settings for JSON lines or CSV with only an {@code id} and a {@code text} column. */
    private static Map<String, String> idTextConfig(Path input, String topic, String deadLetterTopic) {
        Map<String, String> config = connectorConfig(input, topic, deadLetterTopic);
        config.put("mapping.id", "id");
        config.put("mapping.text", "text");
        List.of("mapping.product", "mapping.customer_id", "mapping.rating", "mapping.created_at").forEach(config::remove);
        return config;
    }

    private static String rows(String prefix, int count) {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            rows.append("{\"id\": \"").append(prefix).append('-').append(i).append("\", \"text\": \"row ").append(i)
                    .append("\"}\n");
        }
        return rows.toString();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static Map<String, String> connectorConfig(Path input, String topic, String deadLetterTopic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.sentistream.connect.feedback.FeedbackSourceConnector");
        config.put("tasks.max", "1");
        config.put("input.dir", input.toString());
        config.put("topic", topic);
        config.put("channel", "APP_REVIEW");
        config.put("mapping.id", "review_id");
        config.put("mapping.text", "review_body");
        config.put("mapping.rating", "stars");
        config.put("mapping.product", "app_name");
        config.put("mapping.customer_id", "user");
        config.put("mapping.created_at", "date");
        config.put("created_at.format", "yyyy-MM-dd");
        config.put("file.min.age.ms", "0");
        config.put("poll.interval.ms", "200");
        config.put("dead.letter.topic", deadLetterTopic);
        config.put("dead.letter.bootstrap.servers", kafka.bootstrapServers());
        return config;
    }

    private static List<FeedbackEvent> events(String topic, int expected) throws Exception {
        try (AvroDeserializer<FeedbackEvent> deserializer = new AvroDeserializer<>(
                new RestSchemaRegistryClient(registry.url()), FeedbackEvent.class)) {
            return ConnectTestWorker.consume(kafka.bootstrapServers(), topic, deserializer, expected, Duration.ofSeconds(30))
                    .stream().map(ConsumerRecord::value).toList();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void waitForFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(file), file + " was not created");
    }

    private static void awaitOffsetsWritten(Path offsets) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(offsets) && offsets.toFile().length() > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the worker wrote no source offsets to " + offsets + " within 20 s");
    }
}
