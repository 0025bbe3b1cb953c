package org.sentistream.streams.internals;

import java.util.function.LongSupplier;

/**
 * Rule for the timestamp of an input record: the event's {@code createdAt}, else the record timestamp,
 * never later than the wall clock plus {@code event.time.max.future.ms}. The cap keeps one producer with a
 * clock far ahead from advancing stream time, which would close every aggregate window early and drop the
 * records of every other producer as late. Thread-safe.
 */
public final class EventTimePolicy {

    private final long maxFutureMs;
    private final LongSupplier clock;

    /**
     * @param maxFutureMs how far ahead of the wall clock a timestamp may be, in ms
     * @param clock wall clock in epoch ms
     */
    public EventTimePolicy(long maxFutureMs, LongSupplier clock) {
        this.maxFutureMs = maxFutureMs;
        this.clock = clock;
    }

    /** Creates a policy on the system clock. */
    public static EventTimePolicy systemClock(long maxFutureMs) {
        return new EventTimePolicy(maxFutureMs, System::currentTimeMillis);
    }

    public long maxFutureMs() {
        return maxFutureMs;
    }

    /**
     * Returns the timestamp of a record, never negative, because Kafka Streams drops a record with a
     * negative timestamp.
     *
     * @param createdAt event time from the value, or null if absent or unreadable
     * @param recordTimestamp timestamp of the Kafka record
     * @param partitionTime highest timestamp seen so far on the partition, or -1
     */
    public long timestamp(Long createdAt, long recordTimestamp, long partitionTime) {
        long nowMs = clock.getAsLong();
        long timestamp;
        if (createdAt != null && createdAt >= 0) {
            timestamp = createdAt;
        } else if (recordTimestamp >= 0) {
            timestamp = recordTimestamp;
        } else if (partitionTime >= 0) {
            timestamp = partitionTime;
        } else {
            timestamp = nowMs;
        }
        return Math.min(timestamp, latestAllowed(nowMs));
    }

    /** Returns true if {@code eventTime} is later than the wall clock plus the allowed margin. */
    public boolean isBeyondMaxFuture(long eventTime) {
        return eventTime > latestAllowed(clock.getAsLong());
    }

    private long latestAllowed(long nowMs) {
        // Saturate instead of overflowing when max.future is close to Long.MAX_VALUE.
        return nowMs > Long.MAX_VALUE - maxFutureMs ? Long.MAX_VALUE : nowMs + maxFutureMs;
    }
}
