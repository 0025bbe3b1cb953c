package org.sentistream.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.sentistream.registry.internals.InMemorySchemaStore;
import org.sentistream.registry.internals.RegistryHandler;
import org.sentistream.registry.internals.RegistryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema registry server speaking the Avro subset of the Confluent REST API, on the JDK's
 * {@link HttpServer}. Supports registration and lookup of schemas, subject versions,
 * compatibility levels and compatibility checks. The store decides whether schemas survive a
 * restart: the default {@link #start(String, int)} keeps them in memory, and {@link KafkaSchemaStore}
 * keeps them in a Kafka topic that several instances can share.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    /** Host the server binds when none is given: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);

    /**
     * Maximum number of worker threads. A client that stalls in a request body occupies a worker
     * until {@code sun.net.httpserver.maxReqTime} passes, so with a small pool a few stalled clients
     * delay every other request. Threads start on demand and end after a minute idle.
     */
    static final int WORKER_THREADS = 32;

    private static final long WORKER_IDLE_SECONDS = 60;

    static {
        // The JDK server otherwise waits forever for a request's headers, so a client that stalls keeps a
        // worker thread busy for good. Ten seconds is ample for a local page or probe.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "10");
        }
    }

    private final HttpServer http;
    private final ExecutorService workers;
    private final RegistryHandler handler;
    private final SchemaStore store;
    private final String url;

    private SchemaRegistryServer(HttpServer http, ExecutorService workers, RegistryHandler handler, SchemaStore store) {
        this.http = http;
        this.workers = workers;
        this.handler = handler;
        this.store = store;
        InetSocketAddress address = http.getAddress();
        String host = address.getHostString();
        this.url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Starts a server on the loopback address with an in-memory store; port 0 picks a free port. */
    public static SchemaRegistryServer start(int port) {
        return start(DEFAULT_HOST, port);
    }

    /**
     * Starts a server with an in-memory store.
     *
     * @param host address to bind, or null for {@value #DEFAULT_HOST}
     * @param port TCP port, or 0 for a free ephemeral port
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static SchemaRegistryServer start(String host, int port) {
        return start(host, port, new InMemorySchemaStore());
    }

    /**
     * Starts a server on the given store, which the server closes when it stops. A Kafka-backed
     * store must have finished reading its topic before this call, so the first request finds every
     * schema registered earlier.
     */
    public static SchemaRegistryServer start(String host, int port, SchemaStore store) {
        String bindHost = host == null || host.isBlank() ? DEFAULT_HOST : host;
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bindHost, port), 0);
        } catch (IOException e) {
            // A port in use and an address that is not this machine's both raise BindException; the hint differs.
            boolean portInUse = e.getMessage() != null && e.getMessage().contains("in use");
            throw new UncheckedIOException("Failed to bind the schema registry to " + bindHost + ":" + port + " ("
                    + e.getMessage() + "); " + (portInUse ? "choose a free port or 0 for an ephemeral one"
                            : "check the host, which must be an address of this machine"), e);
        }

        boolean loopback = http.getAddress().getAddress().isLoopbackAddress();
        RegistryHandler handler = new RegistryHandler(new RegistryService(store), loopback);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, WORKER_IDLE_SECONDS,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), workerThreads());
        workers.allowCoreThreadTimeOut(true);
        http.createContext("/", handler);
        http.setExecutor(workers);
        http.start();

        SchemaRegistryServer server = new SchemaRegistryServer(http, workers, handler, store);
        LOG.info("Schema registry listening on {} with store {}", server.url, store.getClass().getSimpleName());
        return server;
    }

    /** Returns the base URL clients use, such as {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    /** Returns the bound TCP port. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Returns the number of HTTP requests received since start, including rejected ones. */
    public long requestCount() {
        return handler.requestCount();
    }

    /**
     * Stops the server and releases the port. Requests in progress may be cut off: on JDK 17,
     * {@code HttpServer.stop(n)} waits the full n seconds even when idle, so this uses 0. Closes
     * the store after the workers stopped.
     */
    @Override
    public void close() {
        http.stop(0);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        store.close();
        LOG.info("Schema registry on {} stopped after {} requests", url, handler.requestCount());
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
