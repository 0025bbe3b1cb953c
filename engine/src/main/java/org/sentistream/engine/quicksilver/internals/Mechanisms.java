package org.sentistream.engine.quicksilver.internals;

/**
 * The QuickSilver decisions taken between layers, in priority order: halting, key skipping, then
 * fusion of the tokens that are still active, since a halted token no longer fuses.
 */
final class Mechanisms {

    private Mechanisms() {
    }

    /** Applies the decisions after layer {@code layer} to {@code state}. */
    static void afterLayer(BatchState state, MechanismPlan plan, int layer) {
        if (!Float.isNaN(plan.haltDrift[layer])) {
            halt(state, plan, plan.haltDrift[layer]);
        }
        if (!Float.isNaN(plan.skipAttention[layer])) {
            skipLowAttention(state, plan, plan.skipAttention[layer]);
        }
        if (!Float.isNaN(plan.fuseCosine[layer])) {
            fuse(state, plan, plan.fuseCosine[layer]);
        }
    }

    /** Freezes active units whose drift in this layer fell below {@code threshold}. */
    static void halt(BatchState state, MechanismPlan plan, float threshold) {
        float[] drift = plan.relativeDrift ? state.relativeDrift : state.absoluteDrift;
        for (int text = 0; text < state.texts; text++) {
            for (int i = 0; i < state.orderLength[text]; i++) {
                int unit = state.order[text][i];
                if (state.status[unit] != BatchState.ACTIVE || plan.exempt(state, unit) || drift[unit] >= threshold) {
                    continue;
                }
                state.status[unit] = BatchState.HALTED;
                state.accounts[text].haltedTokens += state.count[unit];
                if (plan.skipHaltedKeys && !state.keySkipped[unit]) {
                    state.keySkipped[unit] = true;
                    state.accounts[text].skippedKeys += state.count[unit];
                }
            }
        }
    }

    /**
     * Freezes every unit still active, [CLS] and [SEP] included, when the plan's depth ends before
     * the encoder's last layer.
     */
    static void haltAll(BatchState state) {
        for (int text = 0; text < state.texts; text++) {
            for (int i = 0; i < state.orderLength[text]; i++) {
                int unit = state.order[text][i];
                if (state.status[unit] == BatchState.ACTIVE) {
                    state.status[unit] = BatchState.HALTED;
                    state.accounts[text].haltedTokens += state.count[unit];
                }
            }
        }
    }

    /**
     * Removes keys that received less than {@code threshold} of a uniform share of attention. Each
     * text keeps at least its most-attended key.
     */
    static void skipLowAttention(BatchState state, MechanismPlan plan, float threshold) {
        for (int text = 0; text < state.texts; text++) {
            int kept = 0;
            int best = -1;
            for (int i = 0; i < state.orderLength[text]; i++) {
                int unit = state.order[text][i];
                if (state.keySkipped[unit]) {
                    continue;
                }
                if (best < 0 || state.importance[unit] > state.importance[best]) {
                    best = unit;
                }
                if (plan.exempt(state, unit) || state.importance[unit] >= threshold) {
                    kept++;
                }
            }
            for (int i = 0; i < state.orderLength[text]; i++) {
                int unit = state.order[text][i];
                boolean low = !state.keySkipped[unit] && !plan.exempt(state, unit) && state.importance[unit] < threshold;
                if (low && (kept > 0 || unit != best)) {
                    state.keySkipped[unit] = true;
                    state.accounts[text].skippedKeys += state.count[unit];
                }
            }
        }
    }

    /**
     * Merges adjacent active units whose states have cosine similarity above {@code threshold},
     * left to right; a unit merges at most once per layer.
     */
    static void fuse(BatchState state, MechanismPlan plan, float threshold) {
        for (int text = 0; text < state.texts; text++) {
            int i = 0;
            while (i + 1 < state.orderLength[text]) {
                int left = state.order[text][i];
                int right = state.order[text][i + 1];
                boolean candidates = state.status[left] == BatchState.ACTIVE && state.status[right] == BatchState.ACTIVE
                        && !plan.exempt(state, left) && !plan.exempt(state, right);
                if (candidates && state.cosine(left, right) > threshold) {
                    state.fuse(text, left, right);
                }
                i++;
            }
        }
    }
}
