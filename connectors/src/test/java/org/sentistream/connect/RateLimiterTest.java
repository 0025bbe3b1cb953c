package org.sentistream.connect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sentistream.connect.internals.RateLimiter;

/** A stop request must end a wait for the next permit, however slow the rate. */
class RateLimiterTest {

    @Test
    void stopEndsPermitWait() throws Exception {
        RateLimiter limiter = new RateLimiter(0.01);
        CountDownLatch stop = new CountDownLatch(1);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            assertTrue(limiter.acquire(stop), "the first permit is free at once");

            timer.schedule(stop::countDown, 100, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            boolean acquired = limiter.acquire(stop);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertFalse(acquired);
            // The next permit is 100 s away, so anything near that means the stop was ignored.
            assertTrue(waited.compareTo(Duration.ofSeconds(30)) < 0, "waited " + waited);
        } finally {
            timer.shutdownNow();
        }
    }
}
