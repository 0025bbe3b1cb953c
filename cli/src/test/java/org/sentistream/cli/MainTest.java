package org.sentistream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the launcher's entry point and checks what a user sees on errors. */
class MainTest {

    @TempDir
    Path directory;

    @Test
    void missingFileNamesPath() {
        Path missing = directory.resolve("no-such-file.jsonl");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"eval", "--data", missing.toString(), "--encoder", "all-minilm-l6-v2",
                "--head", "sst2"}, new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(message.contains("--data " + missing + ": file not found"), message);
        assertFalse(message.contains("NoSuchFileException"), message);
    }

    @Test
    void directoryAsDataIsUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"eval", "--data", directory.toString()},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(message.contains("--data " + directory + " is a directory, expected a file"), message);
    }

    @Test
    void malformedPropertiesFileNamed() throws Exception {
        Path config = Files.writeString(directory.resolve("app.properties"), "batch.max.records=\\uZZZZ\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"run", "--config", config.toString()},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(message.contains("Invalid configuration file " + config.toAbsolutePath()), message);
        assertTrue(message.contains("Malformed"), message);
    }

    @Test
    void sharedTopicMessageHasOnePrefix() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"demo", "--events", "10", "--set", "topic.feedback=social-posts"},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(message.contains("Invalid configuration: topic.posts and topic.feedback"), message);
        assertFalse(message.contains("Invalid configuration: Invalid configuration"), message);
    }

    @Test
    void initMalformedPropertiesIsUsageError() throws Exception {
        Path config = Files.writeString(directory.resolve("init.properties"), "topic.posts=\\uZZZZ\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"init", "--config", config.toString(), "--bootstrap-servers", "127.0.0.1:1"},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(message.contains("Invalid configuration file " + config.toAbsolutePath()), message);
    }

    @Test
    void connectMalformedConnectorFileNamed() throws Exception {
        Path worker = Files.writeString(directory.resolve("worker.properties"), "bootstrap.servers=127.0.0.1:1\n");
        Path connector = Files.writeString(directory.resolve("connector.properties"), "name=\\uZZZZ\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"connect", worker.toString(), connector.toString()},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(message.contains("Invalid configuration file " + connector.toAbsolutePath()), message);
    }

    @Test
    void registryPortAboveRangeIsUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"registry", "--in-memory", "--port", "70000"},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(message.contains("Invalid value for --port: 70000 is above the maximum of 65535"), message);
    }

    @Test
    void demoRejectsBadKeyBeforeBroker() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"demo", "--events", "10", "--set", "batch.max.records=abc"},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(message.contains("batch.max.records"), message);
        assertFalse(message.contains("Starting an embedded Kafka broker"), message);
    }

    @Test
    void hugeThreadCountIsUsageError() throws Exception {
        Path data = Files.createFile(directory.resolve("x.jsonl"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"eval", "--data", data.toString(), "--threads", "99999"},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("above the maximum of 64"));
    }

    @Test
    void evalMaxTokensAboveLimitIsUsageError() throws Exception {
        Path data = Files.createFile(directory.resolve("tokens.jsonl"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"eval", "--data", data.toString(), "--max-tokens", "100000"},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(message.contains("Invalid value for --max-tokens: 100000 is above the maximum of 512"), message);
    }

    @Test
    void emptyTrainingFileNamed() throws Exception {
        Path empty = Files.createFile(directory.resolve("empty.jsonl"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"train-head", "--data", empty.toString(), "--encoder", "all-minilm-l6-v2",
                "--out", directory.resolve("head.json").toString()}, new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code);
        assertTrue(message.contains("sentiment train-head failed: Training data " + empty + " has no rows"), message);
    }

    @Test
    void negativeLimitIsUsageError() throws Exception {
        Path data = Files.createFile(directory.resolve("x.jsonl"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"eval", "--data", data.toString(), "--limit", "-1"},
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(message.contains("Invalid value for --limit: -1 is below the minimum of 0"), message);
    }
}
