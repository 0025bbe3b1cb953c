package org.sentistream.loadgen.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RatePacerTest {

    private static final long MS = 1_000_000L;

    /** Manual clock: the test moves time forward itself. */
    private static final class FakeClock {

        long nanos = 123_456_789_000L;

        long now() {
            return nanos;
        }
    }

    @Test
    void evenSpacing() {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(100.0, 20 * MS, clock::now);

        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waits.add(pacer.reserve());
        }

        // The clock does not advance, so each wait is 10 ms longer than the one before.
        assertEquals(List.of(0L, 10 * MS, 20 * MS, 30 * MS), waits);
    }

    @Test
    void waitsShrinkAsTimePasses() {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(100.0, 20 * MS, clock::now);

        assertEquals(0L, pacer.reserve());
        clock.nanos += 4 * MS;
        assertEquals(6 * MS, pacer.reserve());
        clock.nanos += 6 * MS;
        assertEquals(10 * MS, pacer.reserve());
    }

    @Test
    void lateWakeUpIsMadeUp() {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(100.0, 20 * MS, clock::now);

        assertEquals(0L, pacer.reserve());
        clock.nanos += 13 * MS;
        // Event 1 was due at 10 ms; sending it at 13 ms keeps event 2 at 20 ms, not 23 ms.
        assertEquals(0L, pacer.reserve());
        assertEquals(7 * MS, pacer.reserve());
    }

    @Test
    void backlogAfterStallIsCapped() {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(100.0, 20 * MS, clock::now);
        pacer.reserve();

        clock.nanos += 1_000 * MS;
        int immediate = 0;
        while (pacer.reserve() == 0L) {
            immediate++;
        }

        // 20 ms of backlog at 10 ms per event: the due event plus 2 more go out at once.
        assertEquals(3, immediate);
    }

    @Test
    void fractionalIntervalsDoNotDrift() {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(3.0, 20 * MS, clock::now);

        long lastWait = 0;
        for (int i = 0; i <= 3_000; i++) {
            lastWait = pacer.reserve();
        }

        assertEquals(1_000_000_000_000L, lastWait);
    }

    @Test
    void zeroRateNeverWaits() {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(0.0, 20 * MS, clock::now);

        for (int i = 0; i < 1_000; i++) {
            assertEquals(0L, pacer.reserve());
        }
    }

    @Test
    void invalidRateRejected() {
        FakeClock clock = new FakeClock();

        assertThrows(IllegalArgumentException.class, () -> new RatePacer(-1.0, 0, clock::now));
        assertThrows(IllegalArgumentException.class, () -> new RatePacer(Double.NaN, 0, clock::now));
        assertThrows(IllegalArgumentException.class, () -> new RatePacer(Double.POSITIVE_INFINITY, 0, clock::now));
    }
}
