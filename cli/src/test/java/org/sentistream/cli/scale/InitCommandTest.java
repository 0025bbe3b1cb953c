package org.sentistream.cli.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sentistream.cli.Args;
import org.sentistream.cli.InitCommand;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.streams.TopicInitializer;
import org.slf4j.LoggerFactory;

/**
 * {@code sentiment init} on a real one-node cluster: it creates the missing topics, leaves an existing topic
 * with another partition count unchanged with a warning, and rejects a replication factor above the broker
 * count.
 */
class InitCommandTest {

    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaCluster.builder().build().start();
        // An existing input topic with fewer partitions than the default 12.
        cluster.createTopics(Map.of("social-posts", 2));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void createsMissingWarnsOnMismatch() throws Exception {
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        Logger logger = (Logger) LoggerFactory.getLogger(TopicInitializer.class);
        logger.addAppender(warnings);
        JsonNode summary;
        try {
            summary = runInit("--bootstrap-servers", cluster.bootstrapServers(), "--json");
        } finally {
            logger.detachAppender(warnings);
        }

        assertEquals(List.of("customer-feedback", "sentiment-aggregates", "sentiment-dead-letter",
                "sentiment-results"), sorted(summary.get("created")), "created topics");
        assertEquals(2, summary.get("existing").get("social-posts").asInt(), "partitions of social-posts");
        assertEquals("social-posts", summary.get("mismatched").get(0).asText(), "mismatched topic");
        assertEquals(1, summary.get("replication_factor").asInt(), "automatic replication factor on one broker");
        assertEquals(12, partitionsOf("customer-feedback"), "partitions of a created topic");
        assertEquals(2, partitionsOf("social-posts"), "partitions of the existing topic after init");

        String warning = warnings.list.stream()
                .filter(event -> event.getLevel().toString().equals("WARN"))
                .map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.joining("\n"));
        assertTrue(warning.contains("Topic social-posts exists with 2 partitions"), warning);
        assertTrue(warning.contains("topic.partitions is 12"), warning);
        assertTrue(warning.contains("--alter --topic social-posts --partitions 12"), warning);
    }

    @Test
    void secondRunCreatesNothing() throws Exception {
        String[] args = {"--bootstrap-servers", cluster.bootstrapServers(), "--partitions", "3",
            "--set", "topic.posts=again-posts", "--set", "topic.feedback=again-feedback",
            "--set", "topic.results=again-results", "--set", "topic.dead.letter=again-dead-letter",
            "--set", "topic.aggregates=again-aggregates", "--json"};
        JsonNode first = runInit(args);
        JsonNode second = runInit(args);

        assertEquals(5, first.get("created").size(), "topics created by the first run");
        assertEquals(0, second.get("created").size(), "topics created by the second run");
        assertEquals(0, second.get("mismatched").size(), "mismatched topics on the second run");
    }

    @Test
    void rejectsTooManyReplicas() {
        TopicInitializer.TopicInitializationException e = assertThrows(
                TopicInitializer.TopicInitializationException.class,
                () -> runInit("--bootstrap-servers", cluster.bootstrapServers(), "--replication-factor", "3",
                        "--set", "topic.posts=other-posts"));

        assertTrue(e.getMessage().contains("Replication factor 3 exceeds the 1 broker(s)"), e.getMessage());
    }

    @Test
    void brokerRefusalReportsReason() {
        // Kafka refuses a name that differs from an existing topic only in '.' against '_', and only the broker
        // can tell, so this refusal gets past the configuration's own name check.
        cluster.createTopics(Map.of("reason.posts", 1));

        TopicInitializer.TopicInitializationException e = assertThrows(
                TopicInitializer.TopicInitializationException.class,
                () -> runInit("--bootstrap-servers", cluster.bootstrapServers(), "--set", "topic.posts=reason_posts",
                        "--set", "topic.feedback=reason-feedback", "--set", "topic.results=reason-results",
                        "--set", "topic.dead.letter=reason-dead-letter", "--set", "topic.aggregates=reason-aggregates"));

        assertTrue(e.getMessage().startsWith("Failed to create topic reason_posts with 12 partitions and replication "
                + "factor 1: InvalidTopicException: "), e.getMessage());
        assertTrue(e.getMessage().contains("collides"), e.getMessage());
    }

    @Test
    void sharedTopicRejected() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exitCode;
        try {
            exitCode = new InitCommand().run(List.of("--bootstrap-servers", cluster.bootstrapServers(),
                    "--set", "topic.feedback=social-posts"));
        } finally {
            System.setErr(stderr);
        }

        String message = captured.toString(StandardCharsets.UTF_8);
        assertEquals(2, exitCode, "exit code of init");
        assertTrue(message.contains("topic.posts and topic.feedback both name the topic social-posts"), message);
    }

    @Test
    void unknownKeyRejected() {
        Args.UsageException error = assertThrows(Args.UsageException.class, () -> new InitCommand().run(List.of(
                "--bootstrap-servers", cluster.bootstrapServers(), "--set", "topic.partitionz=3")));

        assertTrue(error.getMessage().contains("topic.partitionz"), error.getMessage());
        assertTrue(error.getMessage().contains("Unknown configuration key"), error.getMessage());
    }

    private static JsonNode runInit(String... args) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exitCode;
        try {
            exitCode = new InitCommand().run(List.of(args));
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, exitCode, "exit code of init");

        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    private static List<String> sorted(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText).sorted().toList();
    }

    private static int partitionsOf(String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }
}
