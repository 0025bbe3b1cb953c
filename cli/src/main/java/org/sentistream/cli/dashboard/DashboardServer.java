package org.sentistream.cli.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the dashboard: {@code /} is a self-contained page (no script or font is fetched from elsewhere) that
 * polls {@code /api/state} every two seconds and draws the charts, and {@code /api/state} is the JSON
 * snapshot of a {@link DashboardState}. Other methods than GET and HEAD get 405. Bound to a loopback
 * address, it returns 403 for a request whose Host header is not a loopback name.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final String PAGE_RESOURCE = "/org/sentistream/cli/dashboard/dashboard.html";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] FORBIDDEN_HOST = ("The dashboard listens on a loopback address and answers only requests "
            + "for localhost or 127.0.0.1\n").getBytes(StandardCharsets.UTF_8);

    static {
        // The JDK server otherwise waits forever for a request's headers, so a client that stalls keeps a
        // worker thread busy for good. Ten seconds is ample for a local page or probe.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "10");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private DashboardServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code bindAddress:port}; port 0 picks a free one.
     *
     * @param snapshot returns the state to serve for a wall-clock time in ms
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static DashboardServer start(String bindAddress, int port, LongFunction<Map<String, Object>> snapshot) {
        byte[] page = page();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        } catch (IOException e) {
            // A port in use and an address that is not this machine's both raise BindException; the hint differs.
            boolean portInUse = e.getMessage() != null && e.getMessage().contains("in use");
            throw new UncheckedIOException("Failed to bind the dashboard to " + bindAddress + ":" + port + " (" + e.getMessage()
                    + "); " + (portInUse ? "choose a free port with --port" : "check --host, which must be an address of this machine"), e);
        }
        boolean loopback = server.getAddress().getAddress().isLoopbackAddress();
        serve(server, "/", loopback, exchange -> respond(exchange, 200, "text/html; charset=utf-8", page));
        serve(server, "/api/state", loopback, exchange -> respond(exchange, 200, "application/json",
                JSON.writeValueAsBytes(snapshot.apply(System.currentTimeMillis()))));
        // Requests are read on these threads, so a few clients that stall mid-request must not take them all.
        ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "sentistream-dashboard-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("Dashboard on http://{}:{}/", bindAddress, server.getAddress().getPort());
        return new DashboardServer(server, executor);
    }

    /**
     * Serves {@code path} alone with {@code handler}: the JDK matches contexts by path prefix, so other paths
     * below it get 404. On a loopback address a foreign Host header gets 403 first.
     */
    private static void serve(HttpServer server, String path, boolean loopback, HttpHandler handler) {
        server.createContext(path, exchange -> {
            if (loopback && !isLoopbackHost(exchange)) {
                respond(exchange, 403, "text/plain; charset=utf-8", FORBIDDEN_HOST);
            } else if (!exchange.getRequestURI().getPath().equals(path)) {
                respond(exchange, 404, "text/plain; charset=utf-8", "Not found\n".getBytes(StandardCharsets.UTF_8));
            } else {
                handler.handle(exchange);
            }
        });
    }

    /**
     * Returns true when the request's Host header names this machine's loopback interface. A page bound to
     * loopback that answered any host name could be read by a web site through DNS rebinding.
     */
    static boolean isLoopbackHost(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return false;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(1, end);
        } else if (name.indexOf(':') == name.lastIndexOf(':') && name.contains(":")) {
            name = name.substring(0, name.indexOf(':'));
        }
        return name.equals("localhost") || name.equals("::1") || name.startsWith("127.");
    }

    /** Returns the port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static byte[] page() {
        try (InputStream in = DashboardServer.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Dashboard page " + PAGE_RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the dashboard page " + PAGE_RESOURCE, e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
