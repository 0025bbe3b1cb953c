package org.sentistream.streams.internals;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limited warning about events whose {@code createdAt} is beyond {@code event.time.max.future.ms}. The
 * first one is logged at once, and after that at most one line per interval gives the count since the last
 * line and the position of the latest event. Thread-safe.
 */
public final class FutureEventTimeLog {

    private static final Logger LOG = LoggerFactory.getLogger(FutureEventTimeLog.class);

    private final long intervalMs;
    private long lastLogMs = Long.MIN_VALUE;
    private long unreported;

    public FutureEventTimeLog(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /** Counts one capped event time and logs if the interval has passed since the last line. */
    public synchronized void log(String position, long createdAt, long maxFutureMs, long nowMs) {
        unreported++;
        if (lastLogMs != Long.MIN_VALUE && nowMs - lastLogMs < intervalMs) {
            return;
        }
        LOG.warn("{} events with createdAt more than event.time.max.future.ms={} ahead of the wall clock in the last "
                + "interval; their timestamp was capped. Latest: {} with createdAt {}. Check the producer clocks.",
                unreported, maxFutureMs, position, createdAt);
        unreported = 0;
        lastLogMs = nowMs;
    }
}
