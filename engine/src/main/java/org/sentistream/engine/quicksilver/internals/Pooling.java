package org.sentistream.engine.quicksilver.internals;

/**
 * Mean pooling of a batch's final states. Each unit counts as many tokens as it merged. Halted
 * units take part only when the plan says so, because their frozen states pulled the pooled
 * embedding away from the dense one; a text whose every unit halted pools them all.
 */
final class Pooling {

    private Pooling() {
    }

    static float[] pool(BatchState state, int text, boolean poolHalted) {
        float[] pooled = new float[state.hidden];
        double weight = sum(state, text, poolHalted, pooled);
        if (weight == 0) {
            weight = sum(state, text, true, pooled);
        }
        for (int k = 0; k < pooled.length; k++) {
            pooled[k] /= weight;
        }
        return pooled;
    }

    private static double sum(BatchState state, int text, boolean includeHalted, float[] pooled) {
        double weight = 0;
        for (int i = 0; i < state.orderLength[text]; i++) {
            int unit = state.order[text][i];
            if (state.status[unit] == BatchState.HALTED && !includeHalted) {
                continue;
            }
            int count = state.count[unit];
            int base = unit * state.hidden;
            for (int k = 0; k < state.hidden; k++) {
                pooled[k] += count * state.states[base + k];
            }
            weight += count;
        }
        return weight;
    }
}
