package org.sentistream.connect.mastodon.internals;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits
 * {@code min(max, initial * 2^(n-1))}, of which a random share up to {@code jitter} is taken off,
 * so tasks that failed together do not retry together.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private int failures;

    public Backoff(Duration initial, Duration max, double jitter) {
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
    }

    /** Records a failure and returns how long to wait before the next attempt. */
    public Duration nextDelay() {
        failures++;
        int exponent = Math.min(failures - 1, 30);
        long ceiling = Math.min(max.toMillis(), initial.toMillis() * (1L << exponent));
        double randomShare = jitter * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(ceiling * (1.0 - randomShare))));
    }

    /** Records a success, so the next failure waits the initial delay again. */
    public void reset() {
        failures = 0;
    }

    /** Returns the failures since the last success. */
    public int failures() {
        return failures;
    }
}
