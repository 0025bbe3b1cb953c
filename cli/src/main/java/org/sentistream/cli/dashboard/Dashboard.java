package org.sentistream.cli.dashboard;

import java.time.Duration;
import java.util.Map;

import org.sentistream.serde.SchemaRegistryClient;

/** A running dashboard: the state, the reader that fills it and the HTTP server that shows it. */
public final class Dashboard implements AutoCloseable {

    private final DashboardReader reader;
    private final DashboardServer server;
    private final String url;

    private Dashboard(DashboardReader reader, DashboardServer server, String url) {
        this.reader = reader;
        this.server = server;
        this.url = url;
    }

    /**
     * Starts reading the topics from {@code history} ago and serving the page on {@code host:port}.
     *
     * @param clientConfig consumer settings: {@code bootstrap.servers} and any security settings
     * @param port TCP port; 0 picks a free one
     */
    public static Dashboard start(Map<String, Object> clientConfig, SchemaRegistryClient registry,
            DashboardReader.Topics topics, String host, int port, Duration history) {
        DashboardState state = new DashboardState(history.toMillis());
        DashboardReader reader = new DashboardReader(clientConfig, registry, topics, state,
                System.currentTimeMillis() - history.toMillis());
        try {
            DashboardServer server = DashboardServer.start(host, port, state::snapshot);
            return new Dashboard(reader, server, "http://" + host + ":" + server.port() + "/");
        } catch (RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
    }

    /** Returns the page's address, such as {@code http://127.0.0.1:8088/}. */
    public String url() {
        return url;
    }

    /** Returns the error that stopped the reader, or null while it runs. */
    public RuntimeException readerFailure() {
        return reader.failure();
    }

    @Override
    public void close() {
        server.close();
        closeQuietly(reader);
    }

    private static void closeQuietly(DashboardReader reader) {
        try {
            reader.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
