package org.sentistream.loadgen.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShareScheduleTest {

    private static long countSelected(ShareSchedule schedule, long n) {
        long selected = 0;
        for (long i = 0; i < n; i++) {
            if (schedule.isSelected(i)) {
                selected++;
            }
        }
        return selected;
    }

    @Test
    void exactCounts() {
        assertEquals(500, countSelected(new ShareSchedule(0.5), 1_000));
        assertEquals(250, countSelected(new ShareSchedule(0.25), 1_000));
        assertEquals(20, countSelected(new ShareSchedule(0.02), 1_000));
        assertEquals(0, countSelected(new ShareSchedule(0.0), 1_000));
        assertEquals(1_000, countSelected(new ShareSchedule(1.0), 1_000));
    }

    @Test
    void halfAlternates() {
        ShareSchedule schedule = new ShareSchedule(0.5);

        for (long i = 0; i < 100; i++) {
            assertEquals(i % 2 == 1, schedule.isSelected(i), "element " + i);
        }
    }

    @Test
    void selectionsEvenlySpaced() {
        ShareSchedule schedule = new ShareSchedule(0.1);

        long previous = -1;
        for (long i = 0; i < 1_000; i++) {
            if (schedule.isSelected(i)) {
                if (previous >= 0) {
                    assertEquals(10, i - previous, "gap before element " + i);
                }
                previous = i;
            }
        }
        assertTrue(previous > 0);
    }

    @Test
    void invalidShareRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ShareSchedule(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new ShareSchedule(1.5));
        assertThrows(IllegalArgumentException.class, () -> new ShareSchedule(Double.NaN));
    }
}
