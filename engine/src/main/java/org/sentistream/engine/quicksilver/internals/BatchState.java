package org.sentistream.engine.quicksilver.internals;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Hidden states and bookkeeping of one batch during layer-wise execution. A unit starts as one
 * token; fusion merges units, so a unit stands for {@code count} adjacent tokens. A unit is
 * active (computed by the next layer), halted (state frozen) or fused away (merged into its left
 * neighbour). Key-skipped units are no longer keys or values for later layers.
 */
final class BatchState {

    static final byte ACTIVE = 0;
    static final byte HALTED = 1;
    static final byte FUSED = 2;

    final int hidden;
    final int texts;
    final int units;

    /** {@code [units][hidden]} row-major current hidden states. */
    final float[] states;
    final int[] count;
    final byte[] status;
    final boolean[] keySkipped;

    /**
     * Keys kept in the attention layout but given {@link LayerwiseEncoder#PADDING_BIAS}: the
     * masking equivalent of skipping, which saves no work. Only tests set it, to check that both agree.
     */
    final boolean[] keyMasked;
    final boolean[] special;
    final boolean[] int8Route;
    final int[] textOf;

    /** Attention the unit received as a key in its last layer, 1 meaning the text's uniform share. */
    final float[] importance;

    /** ||h_l - h_(l-1)|| / ||h_(l-1)|| of the unit in its last computed layer. */
    final float[] relativeDrift;

    /** ||h_l - h_(l-1)|| of the unit in its last computed layer. */
    final float[] absoluteDrift;

    /** Live units of each text in token order; fused-away units are removed. */
    final int[][] order;
    final int[] orderLength;

    final TextAccount[] accounts;

    BatchState(int hidden, int[] lengths) {
        this.hidden = hidden;
        this.texts = lengths.length;
        int total = 0;
        for (int length : lengths) {
            total += length;
        }
        this.units = total;
        states = new float[total * hidden];
        count = new int[total];
        status = new byte[total];
        keySkipped = new boolean[total];
        keyMasked = new boolean[total];
        special = new boolean[total];
        int8Route = new boolean[total];
        textOf = new int[total];
        importance = new float[total];
        relativeDrift = new float[total];
        absoluteDrift = new float[total];
        order = new int[texts][];
        orderLength = new int[texts];
        accounts = new TextAccount[texts];

        int unit = 0;
        for (int text = 0; text < texts; text++) {
            order[text] = new int[lengths[text]];
            orderLength[text] = lengths[text];
            accounts[text] = new TextAccount(lengths[text]);
            for (int t = 0; t < lengths[text]; t++) {
                order[text][t] = unit;
                textOf[unit] = text;
                count[unit] = 1;
                special[unit] = t == 0 || t == lengths[text] - 1;
                unit++;
            }
        }
        Arrays.fill(importance, 1f);
    }

    int activeUnits() {
        int active = 0;
        for (byte s : status) {
            if (s == ACTIVE) {
                active++;
            }
        }
        return active;
    }

    /** Merges unit {@code right} into unit {@code left}: count-weighted mean state, summed count. */
    void fuse(int text, int left, int right) {
        int cl = count[left];
        int cr = count[right];
        float wl = (float) cl / (cl + cr);
        float wr = (float) cr / (cl + cr);
        int a = left * hidden;
        int b = right * hidden;
        for (int h = 0; h < hidden; h++) {
            states[a + h] = wl * states[a + h] + wr * states[b + h];
        }
        count[left] = cl + cr;
        status[right] = FUSED;
        keySkipped[left] = keySkipped[left] && keySkipped[right];
        // One token per merge stops being a unit of its own; the right unit's other tokens were counted when they merged.
        accounts[text].fusedTokens++;

        int[] units = order[text];
        int n = orderLength[text];
        for (int i = 0; i < n; i++) {
            if (units[i] == right) {
                System.arraycopy(units, i + 1, units, i, n - i - 1);
                orderLength[text] = n - 1;
                return;
            }
        }
    }

    /**
     * Writes a layer's output back: row r of {@code rows} is the new state of unit {@code
     * packedUnit[r]}. When asked, records each unit's drift from its previous state.
     */
    void update(FloatBuffer rows, int rowCount, int[] packedUnit, boolean[] computed, boolean trackDrift) {
        float[] row = new float[hidden];
        for (int r = 0; r < rowCount; r++) {
            int unit = packedUnit[r];
            computed[unit] = true;
            if (!trackDrift) {
                rows.position(r * hidden);
                rows.get(states, unit * hidden, hidden);
                continue;
            }
            rows.position(r * hidden);
            rows.get(row);
            double change = 0;
            double before = 0;
            int base = unit * hidden;
            for (int k = 0; k < hidden; k++) {
                double old = states[base + k];
                double d = row[k] - old;
                change += d * d;
                before += old * old;
                states[base + k] = row[k];
            }
            double drift = Math.sqrt(change);
            absoluteDrift[unit] = (float) drift;
            relativeDrift[unit] = (float) (drift / Math.max(Math.sqrt(before), 1e-12));
        }
    }

    /**
     * Returns the cosine similarity of two units' states. Two float accumulators per sum, because
     * the JIT does not vectorize floating-point reductions and this runs for every adjacent pair.
     */
    double cosine(int u, int v) {
        float dot0 = 0;
        float dot1 = 0;
        float nu0 = 0;
        float nu1 = 0;
        float nv0 = 0;
        float nv1 = 0;
        int a = u * hidden;
        int b = v * hidden;
        int h = 0;
        for (; h + 1 < hidden; h += 2) {
            float x0 = states[a + h];
            float y0 = states[b + h];
            float x1 = states[a + h + 1];
            float y1 = states[b + h + 1];
            dot0 += x0 * y0;
            dot1 += x1 * y1;
            nu0 += x0 * x0;
            nu1 += x1 * x1;
            nv0 += y0 * y0;
            nv1 += y1 * y1;
        }
        for (; h < hidden; h++) {
            dot0 += states[a + h] * states[b + h];
            nu0 += states[a + h] * states[a + h];
            nv0 += states[b + h] * states[b + h];
        }
        double nu = (double) nu0 + nu1;
        double nv = (double) nv0 + nv1;
        return ((double) dot0 + dot1) / Math.sqrt(Math.max(nu * nv, 1e-30));
    }

    /** Work counters of one text. */
    static final class TextAccount {
        final int tokens;
        long updates;
        long int8Updates;
        long flops;
        int haltedTokens;
        int fusedTokens;
        int skippedKeys;

        TextAccount(int tokens) {
            this.tokens = tokens;
        }
    }
}
