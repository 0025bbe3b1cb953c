package org.sentistream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.schemas.ComputeStats;
import org.sentistream.schemas.InputKind;
import org.sentistream.schemas.SentimentLabel;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RestSchemaRegistryClient;

/**
 * The shipped Debezium JDBC sink configuration in a real worker, writing SentimentResult records
 * into a real PostgreSQL. Reads the database from SENTISTREAM_PG_URL, SENTISTREAM_PG_USER and
 * SENTISTREAM_PG_PASSWORD; without them it is skipped, unless SENTISTREAM_REQUIRE_POSTGRES=1.
 */
class ResultsJdbcSinkTest {

    private static final String TOPIC = "sentiment-results";
    private static final Path SHIPPED_CONFIG = Path.of("config", "results-jdbc-sink.properties");

    private static EmbeddedKafkaCluster kafka;
    private static SchemaRegistryServer registry;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startCluster() {
        boolean configured = System.getenv("SENTISTREAM_PG_URL") != null;
        if (!configured && "1".equals(System.getenv("SENTISTREAM_REQUIRE_POSTGRES"))) {
            throw new IllegalStateException("SENTISTREAM_REQUIRE_POSTGRES=1 but SENTISTREAM_PG_URL is not set;"
                    + " set it to a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/sentistream");
        }
        Assumptions.assumeTrue(configured, "PostgreSQL not configured: set SENTISTREAM_PG_URL, SENTISTREAM_PG_USER"
                + " and SENTISTREAM_PG_PASSWORD to run the JDBC sink test");

        // The sink joins a consumer group: skip the broker's 3 s wait for more members.
        kafka = EmbeddedKafkaCluster.builder().brokerProperty("group.initial.rebalance.delay.ms", "0").build().start();
        kafka.createTopics(Map.of(TOPIC, 1));
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
    void upsertsResultsById() throws Exception {
        String table = "sentiment_results_test_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        Map<String, String> config = shippedConfig();
        config.put("connection.url", System.getenv("SENTISTREAM_PG_URL"));
        config.put("connection.username", System.getenv().getOrDefault("SENTISTREAM_PG_USER", ""));
        config.put("connection.password", System.getenv().getOrDefault("SENTISTREAM_PG_PASSWORD", ""));
        config.put("collection.name.format", table);

        try (ConnectTestWorker worker = ConnectTestWorker.start(kafka.bootstrapServers(), registry.url(),
                workDir.resolve("offsets"))) {
            worker.createConnector("results-jdbc-sink", config);

            send(result("post-1", SentimentLabel.NEGATIVE, true), result("post-2", SentimentLabel.NEUTRAL, false));
            assertTrue(waitForRows(table, "select count(*) from " + table, 2), "two rows expected in " + table);

            send(result("post-1", SentimentLabel.POSITIVE, true));
            assertTrue(waitForRows(table, "select count(*) from " + table + " where label = 'POSITIVE'", 1),
                    "post-1 was not updated to POSITIVE");

            try (Connection db = connect(); Statement statement = db.createStatement()) {
                try (ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
                    rows.next();
                    assertEquals(2, rows.getInt(1));
                }
                try (ResultSet row = statement.executeQuery("select label, prob_positive, stats_layers,"
                        + " stats_token_layer_updates, model_id, input_kind from " + table + " where input_id = 'post-1'")) {
                    assertTrue(row.next());
                    assertEquals("POSITIVE", row.getString("label"));
                    assertEquals(0.8f, row.getFloat("prob_positive"), 1e-6);
                    assertEquals(12, row.getInt("stats_layers"));
                    assertEquals(480L, row.getLong("stats_token_layer_updates"));
                    assertEquals("e5-small-v2/tweet3", row.getString("model_id"));
                    assertEquals("SOCIAL_POST", row.getString("input_kind"));
                    assertFalse(row.next());
                }
                try (ResultSet row = statement.executeQuery("select stats_layers from " + table + " where input_id = 'post-2'")) {
                    assertTrue(row.next());
                    assertNull(row.getObject("stats_layers"));
                }
            } finally {
                dropTable(table);
            }
        }
    }

    private static Map<String, String> shippedConfig() throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(SHIPPED_CONFIG)) {
            properties.load(reader);
        }
        Map<String, String> config = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        return config;
    }

    private static SentimentResult result(String inputId, SentimentLabel label, boolean withStats) {
        float positive = label == SentimentLabel.POSITIVE ? 0.8f : 0.1f;
        return SentimentResult.newBuilder()
                .setInputId(inputId)
                .setInputKind(InputKind.SOCIAL_POST)
                .setSource("MASTODON")
                .setLabel(label)
                .setProbNegative(label == SentimentLabel.NEGATIVE ? 0.8f : 0.1f)
                .setProbNeutral(label == SentimentLabel.NEUTRAL ? 0.8f : 0.1f)
                .setProbPositive(positive)
                .setModelId("e5-small-v2/tweet3")
                .setModelVersion("1")
                .setEngine("dense-fp32")
                .setTokenCount(40)
                .setTruncated(false)
                .setStats(withStats ? ComputeStats.newBuilder().setLayers(12).setTokenLayerUpdates(480)
                        .setDenseTokenLayerUpdates(480).build() : null)
                .setEventTime(1_794_182_400_000L)
                .setProcessingTime(1_794_182_400_500L)
                .setLanguage("en")
                .build();
    }

    private static void send(SentimentResult... results) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url());
             KafkaProducer<String, SentimentResult> producer = new KafkaProducer<>(props, new StringSerializer(),
                     new AvroSerializer<>(client))) {
            for (SentimentResult result : results) {
                producer.send(new ProducerRecord<>(TOPIC, result.getInputId(), result)).get();
            }
        }
    }

    private static boolean waitForRows(String table, String countQuery, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection db = connect(); Statement statement = db.createStatement();
                 ResultSet rows = statement.executeQuery(countQuery)) {
                rows.next();
                if (rows.getInt(1) == expected) {
                    return true;
                }
            } catch (SQLException e) {
                // The sink has not created the table yet.
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static void dropTable(String table) throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement()) {
            statement.execute("drop table if exists " + table);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getenv("SENTISTREAM_PG_URL"),
                System.getenv().getOrDefault("SENTISTREAM_PG_USER", ""),
                System.getenv().getOrDefault("SENTISTREAM_PG_PASSWORD", ""));
    }
}
