package org.sentistream.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.sentistream.connect.mastodon.internals.StatusIds;

/**
 * A stand-in for a Mastodon server on 127.0.0.1: the REST public timeline with {@code min_id}
 * paging and the streaming public timeline as server-sent events, replaying hand-written Status
 * fixtures. Each stream connection plays the next queued script of statuses; the connection
 * closes after its script when another script is queued, and otherwise stays open sending
 * {@code :thump} heartbeats.
 */
final class MastodonFixtureServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> fixtures;
    private final List<JsonNode> timeline = new CopyOnWriteArrayList<>();
    private final Queue<List<JsonNode>> streamScripts = new ConcurrentLinkedQueue<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    MastodonFixtureServer() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/mastodon/statuses.json")) {
            fixtures = new ArrayList<>();
            JSON.readTree(in).forEach(fixtures::add);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/timelines/public", this::timelinePage);
        server.createContext("/api/v1/streaming/public", this::stream);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "mastodon-fixture");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Returns fixture status number {@code n}, 1-based, in file order. */
    JsonNode status(int n) {
        return fixtures.get(n - 1);
    }

    /** Puts statuses on the REST timeline. */
    void publish(int... statusNumbers) {
        for (int n : statusNumbers) {
            timeline.add(status(n));
        }
    }

    /** Queues the statuses one stream connection sends. */
    void queueStream(int... statusNumbers) {
        List<JsonNode> script = new ArrayList<>();
        for (int n : statusNumbers) {
            script.add(status(n));
        }
        streamScripts.add(script);
    }

    /** Returns the request paths and queries received so far. */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void timelinePage(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        requests.add(exchange.getRequestURI().toString());
        String minId = null;
        for (String parameter : query == null ? new String[0] : query.split("&")) {
            if (parameter.startsWith("min_id=")) {
                minId = parameter.substring("min_id=".length());
            }
        }

        List<JsonNode> after = new ArrayList<>();
        for (JsonNode status : timeline) {
            if (minId == null || StatusIds.ORDER.compare(status.get("id").asText(), minId) > 0) {
                after.add(status);
            }
        }
        after.sort((a, b) -> StatusIds.ORDER.compare(a.get("id").asText(), b.get("id").asText()));
        List<JsonNode> page = after.subList(0, Math.min(40, after.size()));

        // Mastodon returns every timeline page newest first.
        ArrayNode body = JSON.createArrayNode();
        for (int i = page.size() - 1; i >= 0; i--) {
            body.add(page.get(i));
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI().toString());
        List<JsonNode> script = streamScripts.poll();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            write(out, ":thump\n\n");
            for (JsonNode status : script == null ? List.<JsonNode>of() : script) {
                write(out, "event: update\ndata: " + JSON.writeValueAsString(status) + "\n\n");
            }
            write(out, "event: delete\ndata: 113524987617320000\n\n");

            while (!closed && streamScripts.isEmpty()) {
                Thread.sleep(200);
                write(out, ":thump\n");
            }
        } catch (IOException e) {
            // The client disconnected.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
    }
}
