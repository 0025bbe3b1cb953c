package org.sentistream.engine.quicksilver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sentistream.engine.quicksilver.QuickSilverConfig;

class MechanismPlanTest {

    /** Halting, fusion and key skipping with fixed thresholds, every token in int8, as in {@code balanced}. */
    static QuickSilverConfig balancedLike(String... overrides) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "quicksilver.preset", "off",
                "quicksilver.int8.attention", "infinity",
                "quicksilver.int8.special-tokens", "true",
                "quicksilver.halt.drift", "0.5",
                "quicksilver.halt.start", "0.5",
                "quicksilver.fuse.cosine", "0.9",
                "quicksilver.fuse.start", "0.5",
                "quicksilver.kv.skip-attention", "0.2",
                "quicksilver.kv.start", "0.75"));
        for (int i = 0; i < overrides.length; i += 2) {
            properties.put(overrides[i], overrides[i + 1]);
        }
        return QuickSilverConfig.fromProperties(properties);
    }

    @Test
    void prefixEndsAtTheFirstDecision() {
        // Tokens may halt after layer 5 of 12 (layer 2 of 6), so the prefix contains layers 0 to 5 (0 to 2).
        assertEquals(6, MechanismPlan.of(balancedLike(), 12, null).prefixDepth());
        assertEquals(3, MechanismPlan.of(balancedLike(), 6, null).prefixDepth());
        assertEquals(12, MechanismPlan.dense(12, false).prefixDepth());
        assertEquals(9, MechanismPlan.of(balancedLike("quicksilver.halt.start", "1.0", "quicksilver.fuse.start", "1.0"),
                12, null).prefixDepth());
    }

    @Test
    void prefixNeedsOnePrecisionAndPacking() {
        assertEquals(0, MechanismPlan.dense(12, true).prefixDepth());
        assertEquals(0, MechanismPlan.of(balancedLike("quicksilver.int8.attention", "1.0"), 12, null).prefixDepth());
        assertEquals(0, MechanismPlan.of(balancedLike("quicksilver.int8.special-tokens", "false"), 12, null).prefixDepth());
        assertEquals(3, MechanismPlan.of(balancedLike("quicksilver.int8.start", "0.25"), 12, null).prefixDepth());
        assertEquals(0, MechanismPlan.of(balancedLike("quicksilver.halt.start", "0.05"), 12, null).prefixDepth());
    }
}
