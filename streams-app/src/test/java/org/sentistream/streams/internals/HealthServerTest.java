package org.sentistream.streams.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest(name = "{0}: health {1}, ready {2}")
    @CsvSource({
        "CREATED, 200, 503",
        "REBALANCING, 200, 503",
        "RUNNING, 200, 200",
        "PENDING_SHUTDOWN, 200, 503",
        "PENDING_ERROR, 503, 503",
        "ERROR, 503, 503",
        "NOT_RUNNING, 503, 503"
    })
    void statusPerState(State state, int health, int ready) throws Exception {
        AtomicReference<State> current = new AtomicReference<>(state);
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, current::get, Map::of)) {
            HttpResponse<String> healthResponse = get(server, "/health");
            HttpResponse<String> readyResponse = get(server, "/ready");

            assertEquals(health, healthResponse.statusCode());
            assertEquals(ready, readyResponse.statusCode());
            String body = "{\"state\":\"" + state + "\",\"live\":" + (health == 200) + ",\"ready\":" + (ready == 200) + "}";
            assertEquals(body, healthResponse.body());
            assertEquals(body, readyResponse.body());
            assertEquals("application/json", healthResponse.headers().firstValue("Content-Type").orElse(""));
        }
    }

    /** A probe that stalls after part of its request must not block the next probes. */
    @Test
    void stalledClientDoesNotBlockProbes() throws Exception {
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, () -> State.RUNNING, Map::of);
                Socket stalled = new Socket("127.0.0.1", server.port())) {
            stalled.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            Thread.sleep(200);

            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/ready");
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode());
        }
    }

    @Test
    void metricsServedAsPrometheusText() throws Exception {
        MetricName name = new MetricName("results-total", "sentistream-metrics", "Total results", Map.of("thread-id", "t1"));
        Metric metric = new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return 7.0;
            }
        };
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, () -> State.RUNNING, () -> Map.of(name, metric))) {
            HttpResponse<String> response = get(server, "/metrics");
            HttpResponse<String> other = get(server, "/metricsx");

            assertEquals(200, response.statusCode());
            assertEquals(PrometheusText.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(response.body().contains("sentistream_metrics_results_total{thread_id=\"t1\"} 7.0\n"),
                    response.body());
            assertEquals(404, other.statusCode());
        }
    }

    private HttpResponse<String> get(HealthServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
