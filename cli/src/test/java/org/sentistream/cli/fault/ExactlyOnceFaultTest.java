package org.sentistream.cli.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.serde.WireFormat;

/**
 * Fault tests on one shared real Kafka node and schema registry, with each application instance in its own
 * JVM: kill -9 of the application, restart of the broker, and a hostile input mix. Each test has its own
 * topics and application id. The broker restart runs last, because it disturbs the shared cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExactlyOnceFaultTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Maximum time without new output before a wait fails. A broker restart plus a rebalance fits in it. */
    private static final Duration OUTPUT_STALL = Duration.ofSeconds(90);
    private static final String THREAD_REPLACED = "failed; replacing it";

    @TempDir
    static Path dir;

    private EmbeddedKafkaCluster cluster;
    private SchemaRegistryServer registry;

    @BeforeAll
    void startCluster() {
        cluster = EmbeddedKafkaCluster.builder().baseDir(dir.resolve("kafka")).build().start();
        registry = SchemaRegistryServer.start("127.0.0.1", 0);
    }

    @AfterAll
    void stopCluster() {
        if (registry != null) {
            registry.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void appKilledMidLoad() throws Exception {
        int events = 3000;
        FaultPipeline pipeline = FaultPipeline.create("killed", cluster, registry.url(), dir, Map.of());
        try (InputWriter input = new InputWriter(cluster.bootstrapServers(), registry.url());
                OutputReader output = new OutputReader(cluster.bootstrapServers(), pipeline)) {
            ChildJvm first = pipeline.startApp("killed-1", START_TIMEOUT);
            input.sendPosts(pipeline.posts, "k-", events);

            assertTrue(output.pollUntil(() -> output.results() >= 600, OUTPUT_STALL), "results before the kill");
            first.kill();
            long resultsAtKill = output.results();

            try (ChildJvm second = pipeline.startApp("killed-2", START_TIMEOUT)) {
                output.pollUntil(() -> output.resultsPerId.size() >= events, OUTPUT_STALL);
                output.drain(Duration.ofSeconds(3));

                assertTrue(resultsAtKill < events, "the kill came after all " + events + " results");
                assertExactlyOnce(output, "k-", events);
                assertEquals(0, output.deadLetters());

                // SIGTERM closes within shutdown.timeout.ms (20 s) plus JVM exit.
                assertTrue(second.terminate(Duration.ofSeconds(30)), "no exit within 30 s of SIGTERM");
                assertTrue(second.logText().contains("sentiment run: stopped"), "no clean stop in " + second.log());
            }
        }
    }

    /**
     * ONNX Runtime's shutdown hook frees its native environment. When SIGTERM started the JVM's hooks, that
     * hook ran beside the application's close, and a stream thread still classifying died with SIGSEGV (exit
     * code 134). The e5-small-v2 QuickSilver engine, with its shared thread pool and longer batches, showed it
     * on every try.
     */
    @Test
    @Order(2)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sigtermMidBatchClosesCleanly() throws Exception {
        FaultPipeline pipeline = FaultPipeline.create("sigterm", cluster, registry.url(), dir,
                Map.of("engine.encoder", "e5-small-v2", "engine.type", "quicksilver"));
        try (InputWriter input = new InputWriter(cluster.bootstrapServers(), registry.url());
                OutputReader output = new OutputReader(cluster.bootstrapServers(), pipeline);
                ChildJvm app = pipeline.startApp("sigterm", START_TIMEOUT)) {
            input.sendPosts(pipeline.posts, "t-", 2000);
            assertTrue(output.pollUntil(() -> output.results() >= 100, OUTPUT_STALL), "results before SIGTERM");

            assertTrue(app.terminate(Duration.ofSeconds(40)), "no exit within 40 s of SIGTERM");

            String log = app.logText();
            assertEquals(143, app.exitValue(), "exit code after SIGTERM; log in " + app.log());
            assertFalse(log.contains("A fatal error has been detected"), "JVM crash in " + app.log());
            assertTrue(log.contains("sentiment run: stopped."), "no clean stop in " + app.log());
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void hostileMixSorted() throws Exception {
        FaultPipeline pipeline = FaultPipeline.create("hostile", cluster, registry.url(), dir,
                Map.of("text.max.chars", "300"));
        Map<String, String> expectedReasons = new HashMap<>();
        List<String> validIds = new ArrayList<>();
        int tombstones = 0;

        try (InputWriter input = new InputWriter(cluster.bootstrapServers(), registry.url());
                OutputReader output = new OutputReader(cluster.bootstrapServers(), pipeline);
                ChildJvm app = pipeline.startApp("hostile", START_TIMEOUT)) {
            String topic = pipeline.posts;
            int schemaId = WireFormat.schemaId(input.bytes(topic, InputWriter.post("probe", "probe")));
            for (int i = 0; i < 10_000; i++) {
                int kind = i % 12;
                String key = "h-" + i;
                switch (kind) {
                    case 0 -> bad(input, topic, key, new byte[] {1, 0, 0, 0, 1, 2, 3}, "BAD_MAGIC_BYTE", expectedReasons);
                    case 1 -> bad(input, topic, key, new byte[] {0, 0}, "TOO_SHORT", expectedReasons);
                    case 2 -> bad(input, topic, key, WireFormat.frame(987_654, new byte[] {2, 'a'}), "UNKNOWN_SCHEMA_ID",
                            expectedReasons);
                    case 3 -> bad(input, topic, key, WireFormat.frame(schemaId,
                            new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}), "UNDECODABLE",
                            expectedReasons);
                    case 4 -> bad(input, topic, key, input.bytes(topic, InputWriter.post(key, "")), "EMPTY_TEXT",
                            expectedReasons);
                    case 5 -> bad(input, topic, key, input.bytes(topic, InputWriter.post(key, " \t\n\u3000 ")), "EMPTY_TEXT",
                            expectedReasons);
                    case 6 -> bad(input, topic, key, input.bytes(topic, InputWriter.post(key, "long text ".repeat(40))),
                            "TEXT_TOO_LONG", expectedReasons);
                    case 7 -> bad(input, topic, key, input.bytes(topic, InputWriter.post(" ", "No id here.")), "MISSING_ID",
                            expectedReasons);
                    case 8 -> {
                        input.send(topic, key, null);
                        tombstones++;
                    }
                    default -> {
                        input.send(topic, key, input.bytes(topic, InputWriter.post(key, i)));
                        validIds.add(key);
                    }
                }
            }
            input.flush();

            int expectedDeadLetters = expectedReasons.size();
            output.pollUntil(() -> output.resultsPerId.size() >= validIds.size()
                    && output.deadLetters() >= expectedDeadLetters, OUTPUT_STALL);
            output.drain(Duration.ofSeconds(3));

            assertEquals(validIds.size(), output.resultsPerId.size());
            for (String id : validIds) {
                assertEquals(1, output.resultsPerId.getOrDefault(id, 0), "results of " + id);
            }
            assertEquals(validIds.size(), output.results());
            assertEquals(expectedDeadLetters, output.deadLetters());
            for (Map.Entry<String, String> expected : expectedReasons.entrySet()) {
                assertEquals(List.of(expected.getValue()), output.deadLetterReasonsPerKey.get(expected.getKey()),
                        "dead letters of " + expected.getKey());
            }
            assertEquals(833, tombstones);
            assertTrue(app.isAlive());
            assertFalse(app.logText().contains(THREAD_REPLACED), "a stream thread died; see " + app.log());
        }
    }

    @Test
    @Order(4)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void brokerRestartedMidLoad() throws Exception {
        int events = 3000;
        FaultPipeline pipeline = FaultPipeline.create("broker", cluster, registry.url(), dir, Map.of());
        try (InputWriter input = new InputWriter(cluster.bootstrapServers(), registry.url());
                OutputReader output = new OutputReader(cluster.bootstrapServers(), pipeline);
                ChildJvm app = pipeline.startApp("broker", START_TIMEOUT)) {
            input.sendPosts(pipeline.posts, "b-", events);

            assertTrue(output.pollUntil(() -> output.results() >= 600, OUTPUT_STALL), "results before the restart");
            cluster.stopNode(0);
            Thread.sleep(2000);
            cluster.restartNode(0);

            output.pollUntil(() -> output.resultsPerId.size() >= events, OUTPUT_STALL);
            output.drain(Duration.ofSeconds(3));

            assertExactlyOnce(output, "b-", events);
            assertEquals(0, output.deadLetters());
            assertTrue(app.isAlive(), "the application exited; see " + app.log());
        }
    }

    private static void bad(InputWriter input, String topic, String key, byte[] value, String reason,
            Map<String, String> expectedReasons) {
        input.send(topic, key, value);
        expectedReasons.put(key, reason);
    }

    private static void assertExactlyOnce(OutputReader output, String prefix, int events) {
        List<String> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            int count = output.resultsPerId.getOrDefault(prefix + i, 0);
            if (count == 0) {
                missing.add(prefix + i);
            } else if (count > 1) {
                duplicated.add(prefix + i);
            }
        }
        assertEquals(List.of(), missing, "missing results");
        assertEquals(List.of(), duplicated, "duplicated results");
        assertEquals(events, output.resultsPerId.size());
        assertEquals(events, output.results());
    }
}
