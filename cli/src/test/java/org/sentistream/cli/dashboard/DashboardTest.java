package org.sentistream.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.schemas.ComputeStats;
import org.sentistream.schemas.InputKind;
import org.sentistream.schemas.SentimentLabel;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RestSchemaRegistryClient;

/**
 * Writes results, an aggregate window, a dead letter and an undecodable record to a real broker, then reads
 * the dashboard's JSON and page over HTTP.
 */
class DashboardTest {

    private static final DashboardReader.Topics TOPICS = new DashboardReader.Topics("sentiment-results",
            "sentiment-aggregates", "sentiment-dead-letter");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void showsWhatTheTopicsHold() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build().start();
                SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0);
                RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url())) {
            cluster.createTopics(Map.of(TOPICS.results(), 2, TOPICS.aggregates(), 1, TOPICS.deadLetter(), 1));
            produce(cluster, client);

            try (Dashboard dashboard = Dashboard.start(Map.of("bootstrap.servers", cluster.bootstrapServers()), client,
                    TOPICS, "127.0.0.1", 0, Duration.ofMinutes(10))) {
                JsonNode state = awaitState(dashboard.url(), 3);

                assertEquals(3, state.get("results").asLong());
                assertEquals(2, state.get("labels").get("positive").asLong());
                assertEquals(1, state.get("labels").get("negative").asLong());
                assertEquals(1, state.get("unreadable").asLong());
                assertEquals(3, state.get("engines").get("quicksilver-balanced").asLong());
                assertEquals(0.5, state.get("flops_ratio_mean").asDouble(), 1e-9);
                assertEquals(2, state.get("by_source").get("SOCIAL_POST/MASTODON").get("positive").asLong());
                assertEquals(3, sumThroughput(state));
                assertEquals(1, state.get("windows").size());
                assertEquals(7, state.get("windows").get(0).get("total").asLong());
                assertEquals(1, state.get("dead_letters").asLong());
                assertEquals(1, state.get("dead_letter_reasons").get("AVRO_DECODE_FAILED").asLong());
                JsonNode deadLetter = state.get("recent_dead_letters").get(0);
                assertEquals("social-posts-3@42", deadLetter.get("source").asText());
                assertEquals(DashboardState.ERROR_CHARS + 3, deadLetter.get("error").asText().length());
            }
        }
    }

    @Test
    void unreachableBrokerNamedInError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + closedPort;

        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient("http://127.0.0.1:" + closedPort)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DashboardReader(
                    Map.of("bootstrap.servers", bootstrap), client, TOPICS, new DashboardState(60_000), 0L,
                    Duration.ofSeconds(2)));

            assertTrue(e.getMessage().contains("from Kafka at " + bootstrap + " within 2000 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("Check that the broker is running"), e.getMessage());
        }
    }

    @Test
    void bindErrorsNameTheirCause() throws Exception {
        DashboardState state = new DashboardState(60_000);
        // 192.0.2.1 is in TEST-NET-1 (RFC 5737), which no machine's interface carries.
        UncheckedIOException foreign = assertThrows(UncheckedIOException.class,
                () -> DashboardServer.start("192.0.2.1", 0, state::snapshot));
        assertTrue(foreign.getMessage().contains("check --host"), foreign.getMessage());

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            UncheckedIOException inUse = assertThrows(UncheckedIOException.class,
                    () -> DashboardServer.start("127.0.0.1", taken.getLocalPort(), state::snapshot));
            assertTrue(inUse.getMessage().contains("choose a free port"), inUse.getMessage());
        }
    }

    @Test
    void servesPageAndRejectsPost() throws Exception {
        DashboardState state = new DashboardState(60_000);
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, state::snapshot)) {
            URI page = URI.create("http://127.0.0.1:" + server.port() + "/");

            HttpResponse<String> get = http.send(HttpRequest.newBuilder(page).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(page)
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(page.resolve("/nothing")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(page.resolve("/api/state")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> apiSuffix = http.send(HttpRequest.newBuilder(page.resolve("/api/statexyz")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, get.statusCode());
            assertTrue(get.body().contains("<title>Sentistream dashboard</title>"));
            assertTrue(get.body().contains("fetch(\"api/state\""));
            assertEquals(405, post.statusCode());
            assertEquals(404, missing.statusCode());
            assertEquals(200, api.statusCode());
            assertEquals(404, apiSuffix.statusCode());
        }
    }

    @Test
    void foreignHostRejectedOnLoopback() throws Exception {
        DashboardState state = new DashboardState(60_000);
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, state::snapshot)) {
            assertEquals("HTTP/1.1 403", statusLine(server.port(), "/api/state", "evil.example").substring(0, 12));
            assertEquals("HTTP/1.1 403", statusLine(server.port(), "/", "evil.example:" + server.port()).substring(0, 12));
            assertEquals("HTTP/1.1 200", statusLine(server.port(), "/api/state", "localhost:" + server.port()).substring(0, 12));
            assertEquals("HTTP/1.1 200", statusLine(server.port(), "/", "127.0.0.1").substring(0, 12));
            assertEquals("HTTP/1.1 200", statusLine(server.port(), "/", "[::1]:" + server.port()).substring(0, 12));
        }
    }

    /** Sends a GET with the given Host header over a raw socket, because java.net.http sets Host itself. */
    private static String statusLine(int port, String path, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** Clients that stall after part of a request must not take every worker thread. */
    @Test
    void stalledClientsDoNotBlockOthers() throws Exception {
        DashboardState state = new DashboardState(60_000);
        List<Socket> stalled = new ArrayList<>();
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, state::snapshot)) {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                stalled.add(socket);
                socket.getOutputStream().write("GET /api/state HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            Thread.sleep(200);

            URI api = URI.create("http://127.0.0.1:" + server.port() + "/api/state");
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode());
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    private static void produce(EmbeddedKafkaCluster cluster, RestSchemaRegistryClient client) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
                AvroSerializer<SentimentResult> serializer = new AvroSerializer<>(client)) {
            int i = 0;
            for (SentimentLabel label : new SentimentLabel[] {SentimentLabel.POSITIVE, SentimentLabel.POSITIVE, SentimentLabel.NEGATIVE}) {
                SentimentResult result = result("p" + i++, label, now);
                producer.send(new ProducerRecord<>(TOPICS.results(), result.getInputId(),
                        serializer.serialize(TOPICS.results(), result)));
            }
            producer.send(new ProducerRecord<>(TOPICS.results(), "garbage", new byte[] {0, 0, 0, 0, 99, 1}));

            String window = "{\"kind\":\"SOCIAL_POST\",\"source\":\"MASTODON\",\"windowStartMs\":" + (now - 60_000)
                    + ",\"windowEndMs\":" + now + ",\"total\":7,\"counts\":{\"NEGATIVE\":2,\"NEUTRAL\":1,\"POSITIVE\":4}}";
            producer.send(new ProducerRecord<>(TOPICS.aggregates(), "SOCIAL_POST/MASTODON/x",
                    window.getBytes(StandardCharsets.UTF_8)));

            ProducerRecord<String, byte[]> deadLetter = new ProducerRecord<>(TOPICS.deadLetter(), "bad", new byte[] {7});
            deadLetter.headers().add("dlq.reason", bytes("AVRO_DECODE_FAILED"));
            deadLetter.headers().add("dlq.source.topic", bytes("social-posts"));
            deadLetter.headers().add("dlq.source.partition", bytes("3"));
            deadLetter.headers().add("dlq.source.offset", bytes("42"));
            deadLetter.headers().add("dlq.error", bytes("x".repeat(500)));
            producer.send(deadLetter);
            producer.flush();
        }
    }

    private static SentimentResult result(String id, SentimentLabel label, long now) {
        return SentimentResult.newBuilder()
                .setInputId(id)
                .setInputKind(InputKind.SOCIAL_POST)
                .setSource("MASTODON")
                .setLabel(label)
                .setProbNegative(label == SentimentLabel.NEGATIVE ? 0.8f : 0.1f)
                .setProbNeutral(0.1f)
                .setProbPositive(label == SentimentLabel.POSITIVE ? 0.8f : 0.1f)
                .setModelId("e5-small-v2/tweet3-balanced")
                .setModelVersion("test")
                .setEngine("quicksilver-balanced")
                .setTokenCount(12)
                .setStats(ComputeStats.newBuilder().setLayers(12).setTokenLayerUpdates(72).setDenseTokenLayerUpdates(144)
                        .setFlops(500).setDenseFlops(1000).setInt8Fraction(1f).build())
                .setEventTime(now)
                .setProcessingTime(now)
                .build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode awaitState(String url, long results) throws Exception {
        URI api = URI.create(url + "api/state");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode state;
        do {
            Thread.sleep(200);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(api).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            state = JSON.readTree(response.body());
        } while ((state.get("results").asLong() < results || state.get("dead_letters").asLong() < 1
                || state.get("windows").size() < 1) && System.nanoTime() < deadline);
        return state;
    }

    private static long sumThroughput(JsonNode state) {
        long sum = 0;
        for (JsonNode point : state.get("throughput")) {
            sum += point.get("results").asLong();
        }
        return sum;
    }
}
