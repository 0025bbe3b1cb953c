package org.sentistream.connect.mastodon.internals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.sentistream.schemas.SocialPost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background loop that fills a queue with posts. It backfills from the REST timeline after the
 * newest status id it has seen, then follows the streaming timeline. On a failure, or when the
 * stream stays idle longer than the idle timeout, it reconnects with exponential backoff and
 * jitter and starts again with a backfill, so statuses posted during the gap are not lost.
 */
public final class StatusReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusReader.class);

    /** Status ids remembered to drop the overlap between a backfill and the stream. */
    private static final int RECENT_IDS = 10_000;
    /** Invalid statuses logged at WARN; later ones are only counted and logged at DEBUG. */
    private static final int INVALID_LOGGED = 10;

    /** One post with the status id it came from and the newest id seen up to it, the source offset. */
    public record Item(SocialPost post, String statusId, String newestStatusId) {
    }

    private final MastodonHttp http;
    private final StatusMapper mapper;
    private final BlockingQueue<Item> queue;
    private final Backoff backoff;
    private final Duration idleTimeout;
    private final int backfillMaxPages;
    private final String timeline;

    private final LinkedHashSet<String> recentIds = new LinkedHashSet<>();
    private final AtomicLong lastActivityNanos = new AtomicLong(System.nanoTime());
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mastodon-stream-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private volatile boolean running = true;
    private volatile InputStream currentStream;
    private String newestStatusId;

    private long statusesReceived;
    private long postsQueued;
    private long statusesSkipped;
    private long statusesInvalid;
    private long deletes;
    private long connections;

    /**
     * @param newestStatusId status id of the last committed offset, or null on the first start
     */
    public StatusReader(MastodonHttp http, StatusMapper mapper, BlockingQueue<Item> queue, Backoff backoff,
                        Duration idleTimeout, int backfillMaxPages, String timeline, String newestStatusId) {
        this.http = http;
        this.mapper = mapper;
        this.queue = queue;
        this.backoff = backoff;
        this.idleTimeout = idleTimeout;
        this.backfillMaxPages = backfillMaxPages;
        this.timeline = timeline;
        this.newestStatusId = newestStatusId;
    }

    @Override
    public void run() {
        long checkMillis = Math.max(100, Math.min(1_000, idleTimeout.toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::closeIfIdle, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        try {
            while (running) {
                try {
                    if (newestStatusId != null) {
                        backfill();
                    }
                    follow();
                    if (running) {
                        LOG.warn("Mastodon {} stream ended; reconnecting", timeline);
                    }
                } catch (IOException e) {
                    if (running) {
                        LOG.warn("Mastodon {} timeline failed (consecutive failure {}): {}", timeline,
                                backoff.failures() + 1, e.toString());
                    }
                }
                if (running) {
                    Duration delay = backoff.nextDelay();
                    LOG.info("Reconnecting to the Mastodon {} timeline in {} ms", timeline, delay.toMillis());
                    Thread.sleep(delay.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watchdog.shutdownNow();
            LOG.info("Mastodon {} reader stopped: {} connections, {} statuses received, {} posts queued,"
                            + " {} skipped, {} invalid, {} deletes ignored", timeline, connections, statusesReceived,
                    postsQueued, statusesSkipped, statusesInvalid, deletes);
        }
    }

    /** Stops the loop and closes the open stream, which unblocks the reading thread. */
    public void stop() {
        running = false;
        closeCurrentStream();
    }

    private void backfill() throws IOException, InterruptedException {
        int pages = 0;
        int queuedBefore = (int) postsQueued;
        while (running && pages < backfillMaxPages) {
            List<JsonNode> page = http.timelineAfter(newestStatusId);
            pages++;
            for (JsonNode status : page) {
                accept(status);
            }
            if (page.size() < MastodonHttp.PAGE_SIZE) {
                break;
            }
        }
        LOG.info("Backfilled {} posts from {} page(s) of the Mastodon {} timeline", postsQueued - queuedBefore,
                pages, timeline);
    }

    private void follow() throws IOException, InterruptedException {
        InputStream stream = http.openStream();
        currentStream = stream;
        connections++;
        lastActivityNanos.set(System.nanoTime());
        LOG.info("Connected to the Mastodon {} stream (connection {})", timeline, connections);

        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            ServerSentEvents events = new ServerSentEvents(reader);
            ServerSentEvents.Event event;
            while (running && (event = events.next(this::markActivity)) != null) {
                handle(event);
            }
        } finally {
            currentStream = null;
        }
    }

    private void handle(ServerSentEvents.Event event) throws InterruptedException {
        switch (event.name()) {
            case "update" -> {
                JsonNode status;
                try {
                    status = MastodonHttp.json().readTree(event.data());
                } catch (JsonProcessingException e) {
                    logInvalid("Skipping an update event whose payload is not JSON: {}", e.getOriginalMessage());
                    return;
                }
                accept(status);
                backoff.reset();
            }
            case "delete" -> deletes++;
            default -> LOG.trace("Ignoring stream event {}", event.name());
        }
    }

    private void accept(JsonNode status) throws InterruptedException {
        statusesReceived++;
        String statusId = status.path("id").asText(null);
        if (statusId == null || !recentIds.add(statusId)) {
            statusesSkipped++;
            return;
        }
        trimRecentIds();

        Optional<SocialPost> post;
        try {
            post = mapper.toPost(status);
        } catch (IllegalArgumentException e) {
            logInvalid("Skipping an invalid status: {}", e.getMessage());
            return;
        }
        newestStatusId = StatusIds.newer(newestStatusId, statusId);
        if (post.isEmpty()) {
            statusesSkipped++;
            return;
        }
        queue.put(new Item(post.get(), statusId, newestStatusId));
        postsQueued++;
    }

    /** Counts an invalid status and logs it, at WARN for the first few and at DEBUG after that. */
    private void logInvalid(String message, String detail) {
        statusesInvalid++;
        if (statusesInvalid <= INVALID_LOGGED) {
            LOG.warn(message, detail);
        } else {
            LOG.debug(message, detail);
        }
    }

    private void trimRecentIds() {
        Iterator<String> oldest = recentIds.iterator();
        while (recentIds.size() > RECENT_IDS) {
            oldest.next();
            oldest.remove();
        }
    }

    private void markActivity() {
        lastActivityNanos.set(System.nanoTime());
    }

    private void closeIfIdle() {
        long idleNanos = System.nanoTime() - lastActivityNanos.get();
        if (currentStream != null && idleNanos > idleTimeout.toNanos()) {
            LOG.warn("Mastodon {} stream sent nothing for {} ms; closing it to reconnect", timeline,
                    TimeUnit.NANOSECONDS.toMillis(idleNanos));
            closeCurrentStream();
        }
    }

    private void closeCurrentStream() {
        InputStream stream = currentStream;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                LOG.debug("Closing the Mastodon stream failed", e);
            }
        }
    }
}
