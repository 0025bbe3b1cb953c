package org.sentistream.connect.internals;

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
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextFreeNanos);
            nextFreeNanos = slot + intervalNanos;
            waitNanos = slot - now;
        }
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
