package org.sentistream.streams.internals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP health endpoints, each returning a JSON body {@code {"state":"RUNNING","live":true,"ready":true}}:
 * <ul>
 *   <li>{@code GET /health} (liveness): 200 unless Kafka Streams is in ERROR, PENDING_ERROR or NOT_RUNNING,
 *       503 then. A restart is the fix for those states, while CREATED, REBALANCING and PENDING_SHUTDOWN
 *       resolve on their own.</li>
 *   <li>{@code GET /ready} (readiness): 200 only while Kafka Streams is RUNNING, 503 otherwise.</li>
 * </ul>
 * {@code GET /metrics} serves the Kafka Streams metrics, the application's own included, for Prometheus.
 */
public final class HealthServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

    static {
        // The JDK server otherwise waits forever for a request's headers, so a client that stalls keeps a
        // worker thread busy for good. Ten seconds is ample for a local page or probe.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "10");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the endpoints, with {@code /metrics} serving {@code metrics} in the Prometheus text format.
     *
     * @param port TCP port, 0 for a free one
     * @throws IOException if the address cannot be bound
     */
    public static HealthServer start(String bindAddress, int port, Supplier<KafkaStreams.State> state,
            Supplier<Map<MetricName, ? extends Metric>> metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        server.createContext("/health", exchange -> respond(exchange, state.get(), false));
        server.createContext("/ready", exchange -> respond(exchange, state.get(), true));
        server.createContext("/metrics", exchange -> respondMetrics(exchange, metrics));
        // Requests are read on the executor's threads: with the dispatcher alone (a null executor), one client
        // that stalls mid-request blocked every probe.
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "sentistream-health-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("Health endpoints listening on http://{}:{}/health, /ready and /metrics", bindAddress,
                server.getAddress().getPort());
        return new HealthServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Returns true unless Kafka Streams stopped or is stopping after a failure. */
    public static boolean isLive(KafkaStreams.State state) {
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING;
    }

    /** Returns true only while Kafka Streams is RUNNING. */
    public static boolean isReady(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING;
    }

    private static void respondMetrics(HttpExchange exchange, Supplier<Map<MetricName, ? extends Metric>> metrics)
            throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = PrometheusText.render(metrics.get()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void respond(HttpExchange exchange, KafkaStreams.State state, boolean readiness) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            boolean live = isLive(state);
            boolean ready = isReady(state);
            boolean ok = readiness ? ready : live;
            byte[] body = ("{\"state\":\"" + state + "\",\"live\":" + live + ",\"ready\":" + ready + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
