package org.sentistream.loadgen.internals;

import java.util.function.LongSupplier;

/**
 * Spaces events evenly at a target rate. Event {@code k} is due at {@code start + k / rate}, so
 * a late wake-up is made up by the following events instead of drifting the rate down.
 *
 * <p>When the caller falls behind by more than {@code maxLagNanos} (a long GC pause, a blocked
 * producer), the schedule moves forward, so that at most {@code maxLagNanos} of backlog is sent
 * at full speed. Without that limit a one-second stall would be followed by a one-second burst.
 *
 * <p>Not thread-safe: one sending thread owns it.
 */
public final class RatePacer {

    /** Default backlog sent at full speed after a stall. */
    public static final long DEFAULT_MAX_LAG_NANOS = 20_000_000L;

    private final double intervalNanos;
    private final long maxLagNanos;
    private final LongSupplier nanoClock;

    private boolean started;
    // The next event is due at baseNanos + slotsSinceBase * intervalNanos. Multiplying instead of
    // adding the interval up keeps fractional intervals from accumulating rounding error.
    private long baseNanos;
    private long slotsSinceBase;

    /**
     * @param eventsPerSecond target rate, where 0 means no limit
     * @param maxLagNanos     largest backlog, in nanoseconds, that is sent without pauses
     * @param nanoClock       monotonic clock in nanoseconds, such as {@code System::nanoTime}
     */
    public RatePacer(double eventsPerSecond, long maxLagNanos, LongSupplier nanoClock) {
        if (!(eventsPerSecond >= 0.0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("Invalid rate " + eventsPerSecond
                    + " events/s: expected a finite number >= 0 (0 means no limit)");
        }
        if (maxLagNanos < 0) {
            throw new IllegalArgumentException("Invalid maximum lag " + maxLagNanos + " ns: expected >= 0");
        }
        this.intervalNanos = eventsPerSecond == 0.0 ? 0.0 : 1e9 / eventsPerSecond;
        this.maxLagNanos = maxLagNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * Books the next event slot.
     *
     * @return nanoseconds to wait before sending the event, 0 when it is due now
     */
    public long reserve() {
        if (intervalNanos == 0.0) {
            return 0L;
        }

        long now = nanoClock.getAsLong();
        if (!started) {
            started = true;
            baseNanos = now;
            slotsSinceBase = 0;
        }

        double lagNanos = (now - baseNanos) - slotsSinceBase * intervalNanos;
        if (lagNanos > maxLagNanos) {
            baseNanos = now - maxLagNanos;
            slotsSinceBase = 0;
        }

        double dueOffsetNanos = slotsSinceBase * intervalNanos;
        long waitNanos = (long) Math.ceil(dueOffsetNanos - (now - baseNanos));
        slotsSinceBase++;
        return Math.max(0L, waitNanos);
    }
}
