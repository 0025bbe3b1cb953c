package org.sentistream.streams.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventTimePolicyTest {

    private static final long NOW = 1_800_000_000_000L;
    private final EventTimePolicy policy = new EventTimePolicy(3_600_000, () -> NOW);

    @Test
    void createdAtWins() {
        assertEquals(NOW - 5, policy.timestamp(NOW - 5, NOW - 10, NOW - 20));
    }

    @Test
    void nullCreatedAtUsesRecordTime() {
        assertEquals(NOW - 10, policy.timestamp(null, NOW - 10, NOW - 20));
    }

    @Test
    void negativeCreatedAtUsesRecordTime() {
        assertEquals(NOW - 10, policy.timestamp(-1L, NOW - 10, NOW - 20));
    }

    @Test
    void negativeRecordTimeUsesPartitionTime() {
        assertEquals(NOW - 20, policy.timestamp(null, -1, NOW - 20));
    }

    @Test
    void nothingValidUsesClock() {
        assertEquals(NOW, policy.timestamp(null, -1, -1));
    }

    @Test
    void futureCapped() {
        assertEquals(NOW + 3_600_000, policy.timestamp(Long.MAX_VALUE, NOW, NOW));
    }

    @Test
    void futureRecordTimeCapped() {
        assertEquals(NOW + 3_600_000, policy.timestamp(null, NOW + 7_200_000, NOW));
    }

    @Test
    void beyondMaxFuture() {
        assertTrue(policy.isBeyondMaxFuture(NOW + 3_600_001));
        assertFalse(policy.isBeyondMaxFuture(NOW + 3_600_000));
    }

    @Test
    void hugeMarginSaturates() {
        EventTimePolicy unlimited = new EventTimePolicy(Long.MAX_VALUE, () -> NOW);

        assertEquals(Long.MAX_VALUE - 1, unlimited.timestamp(Long.MAX_VALUE - 1, NOW, NOW));
        assertFalse(unlimited.isBeyondMaxFuture(Long.MAX_VALUE));
    }
}
