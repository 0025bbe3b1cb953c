package org.sentistream.connect.internals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Spaces calls at least {@code 1 / permitsPerSecond} apart. Thread-safe.
 */
public final class RateLimiter {

    private final long intervalNanos;
    private long nextFreeNanos = System.nanoTime();

    public RateLimiter(double permitsPerSecond) {
        this.intervalNanos = (long) (1_000_000_000L / permitsPerSecond);
    }

    /** Blocks until the next permit is free. */
    public void acquire() throws InterruptedException {
        long waitNanos = reserve();
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }

    /**
     * Blocks until the next permit is free or {@code stop} reaches zero, so a slow rate does not hold up a
     * task's stop.
     *
     * @return true when the permit is free, false when {@code stop} ended the wait
     */
    public boolean acquire(CountDownLatch stop) throws InterruptedException {
        long waitNanos = reserve();
        return waitNanos <= 0 ? stop.getCount() > 0 : !stop.await(waitNanos, TimeUnit.NANOSECONDS);
    }

    private synchronized long reserve() {
        long now = System.nanoTime();
        long slot = Math.max(now, nextFreeNanos);
        nextFreeNanos = slot + intervalNanos;
        return slot - now;
    }
}
