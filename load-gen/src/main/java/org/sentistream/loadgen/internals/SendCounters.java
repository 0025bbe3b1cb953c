package org.sentistream.loadgen.internals;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts sent, acknowledged and failed events. The producer's I/O thread updates the acked and
 * failed counts, so every count is atomic.
 */
public final class SendCounters {

    private static final Logger LOG = LoggerFactory.getLogger(SendCounters.class);

    /** Failures logged one by one; after that only every {@value #FAILURE_LOG_EVERY}th is logged. */
    private static final int MAX_LOGGED_FAILURES = 10;
    private static final int FAILURE_LOG_EVERY = 1_000;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();

    /** Records an event handed to the producer. */
    public void onSent(OutgoingEvent event) {
        sent.incrementAndGet();
        if (event.corrupt()) {
            corrupt.incrementAndGet();
        }
    }

    /** Records a broker acknowledgement. */
    public void onAcked() {
        acked.incrementAndGet();
    }

    /**
     * Records an event that the producer rejected or failed to deliver, and logs the first
     * failures and then every {@value #FAILURE_LOG_EVERY}th.
     */
    public void onFailed(OutgoingEvent event, Exception error) {
        long failures = failed.incrementAndGet();
        if (failures <= MAX_LOGGED_FAILURES) {
            LOG.warn("Failed to send event {} to topic {}", event.id(), event.topic(), error);
        } else if (failures % FAILURE_LOG_EVERY == 0) {
            LOG.warn("{} events failed so far; latest: event {} to topic {}: {}", failures, event.id(),
                    event.topic(), error.toString());
        }
    }

    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    public long failed() {
        return failed.get();
    }

    public long corrupt() {
        return corrupt.get();
    }
}
