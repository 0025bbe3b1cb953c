package org.sentistream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.sentistream.connect.internals.Pseudonymizer;
import org.sentistream.connect.internals.RateLimiter;
import org.sentistream.connect.mastodon.internals.Backoff;
import org.sentistream.connect.mastodon.internals.MastodonHttp;
import org.sentistream.connect.mastodon.internals.StatusMapper;
import org.sentistream.connect.mastodon.internals.StatusReader;

class StatusReaderTest {

    @Test
    void silentStreamReconnects() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        CountDownLatch secondConnection = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/v1/streaming/public", exchange -> {
            if (connections.incrementAndGet() == 2) {
                secondConnection.countDown();
            }
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(":thump\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // Silent from here on, as a stalled proxy would be.
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                // The reader closed the connection.
            }
        });
        server.start();

        URI baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        MastodonHttp http = new MastodonHttp(baseUrl, null, null, Duration.ofSeconds(5), new RateLimiter(50));
        BlockingQueue<StatusReader.Item> queue = new ArrayBlockingQueue<>(10);
        StatusReader reader = new StatusReader(http, new StatusMapper("127.0.0.1", new Pseudonymizer("k"), false), queue,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(100), 0.5), Duration.ofMillis(500), 1, "public", null);
        Thread thread = new Thread(reader);
        thread.start();
        try {
            assertTrue(secondConnection.await(10, TimeUnit.SECONDS), "no reconnection after the stream went silent");
        } finally {
            reader.stop();
            thread.interrupt();
            thread.join(5_000);
            server.stop(0);
        }
        assertEquals(0, queue.size());
    }

    @Test
    void backoffDoublesToMax() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350), 0.0);

        assertEquals(100, backoff.nextDelay().toMillis());
        assertEquals(200, backoff.nextDelay().toMillis());
        assertEquals(350, backoff.nextDelay().toMillis());
        assertEquals(350, backoff.nextDelay().toMillis());
        backoff.reset();
        assertEquals(100, backoff.nextDelay().toMillis());
    }

    @Test
    void backoffJitterStaysInRange() {
        Backoff backoff = new Backoff(Duration.ofMillis(1_000), Duration.ofMillis(1_000), 0.5);
        for (int i = 0; i < 100; i++) {
            long delay = backoff.nextDelay().toMillis();
            assertTrue(delay >= 500, "delay " + delay + " below 500");
            assertTrue(delay <= 1_000, "delay " + delay + " above 1000");
        }
    }
}
