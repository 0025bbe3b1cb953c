package org.sentistream.engine.quicksilver.internals;

import java.util.Arrays;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.SpecialTokenPolicy;

/**
 * QuickSilver settings resolved for one encoder: a threshold per layer for each mechanism, NaN
 * where the mechanism does not act. Halting, fusion and key-skipping thresholds of index l apply
 * to the decision taken after layer l, which changes layers l+1 onwards. Only the first
 * {@code depth} layers run, and every token still active after them halts.
 */
public final class MechanismPlan {

    final int layers;
    final int depth;
    final float[] haltDrift;
    final boolean relativeDrift;
    final float[] fuseCosine;
    final float[] skipAttention;
    final boolean skipHaltedKeys;
    final boolean[] int8Layer;
    final float int8Attention;
    final boolean int8Specials;
    final boolean poolHalted;
    final boolean exemptSpecials;
    final boolean padded;

    private MechanismPlan(int layers, int depth, float[] haltDrift, boolean relativeDrift, float[] fuseCosine,
            float[] skipAttention, boolean skipHaltedKeys, boolean[] int8Layer, float int8Attention,
            boolean int8Specials, boolean poolHalted, boolean exemptSpecials, boolean padded) {
        this.layers = layers;
        this.depth = depth;
        this.haltDrift = haltDrift;
        this.relativeDrift = relativeDrift;
        this.fuseCosine = fuseCosine;
        this.skipAttention = skipAttention;
        this.skipHaltedKeys = skipHaltedKeys;
        this.int8Layer = int8Layer;
        this.int8Attention = int8Attention;
        this.int8Specials = int8Specials;
        this.poolHalted = poolHalted;
        this.exemptSpecials = exemptSpecials;
        this.padded = padded;
    }

    /** Returns a plan with every mechanism off, padded or packed. */
    public static MechanismPlan dense(int layers, boolean padded) {
        float[] none = new float[layers];
        Arrays.fill(none, Float.NaN);
        return new MechanismPlan(layers, layers, none, true, none, none, false, new boolean[layers], 0f, false, true, true, padded);
    }

    /**
     * Resolves {@code config} for an encoder of {@code layers} layers.
     *
     * @param calibration percentiles of the dense run, needed only when a threshold is a percentile
     */
    public static MechanismPlan of(QuickSilverConfig config, int layers, Calibration calibration) {
        float[] halt = new float[layers];
        float[] fuse = new float[layers];
        float[] skip = new float[layers];
        boolean[] int8 = new boolean[layers];
        int haltFirst = first(config.haltStart(), layers);
        int fuseFirst = first(config.fuseStart(), layers);
        int skipFirst = first(config.skipStart(), layers);
        int int8First = first(config.int8Start(), layers);
        int depth = Math.max(1, first(config.haltEnd(), layers));

        for (int l = 0; l < layers; l++) {
            boolean changesNext = l + 1 < depth;
            halt[l] = Float.NaN;
            if (config.halting() && changesNext && l + 1 >= haltFirst) {
                halt[l] = config.haltDrift() > 0 ? (float) config.haltDrift()
                        : Calibration.percentile(config.relativeDrift() ? calibration.relativeDrift()
                                : calibration.absoluteDrift(), l, config.haltPercentile());
            }
            fuse[l] = Float.NaN;
            if (config.fusion() && changesNext && l + 1 >= fuseFirst) {
                fuse[l] = config.fusePercentile() > 0
                        ? Calibration.percentile(calibration.adjacentCosine(), l, config.fusePercentile())
                        : (float) config.fuseCosine();
            }
            skip[l] = config.skipAttention() > 0 && changesNext && l + 1 >= skipFirst
                    ? (float) config.skipAttention() : Float.NaN;
            int8[l] = config.int8() && l >= int8First;
        }
        return new MechanismPlan(layers, depth, halt, config.relativeDrift(), fuse, skip, config.skipHaltedKeys(), int8,
                (float) config.int8Attention(), config.int8SpecialTokens(), config.poolHalted(),
                config.specialTokens() == SpecialTokenPolicy.EXEMPT, config.padded());
    }

    private static int first(double start, int layers) {
        return (int) Math.ceil(start * layers - 1e-9);
    }

    /**
     * Returns true when a layer may run fp32 and int8 tokens together: unless every token may go to
     * int8 whatever its attention, [CLS] and [SEP] or important tokens stay in fp32.
     */
    boolean mayMix() {
        boolean everyToken = Float.isInfinite(int8Attention) && (int8Specials || !exemptSpecials);
        return !everyToken;
    }

    /**
     * Returns how many leading layers may run as one prefix graph: no decision falls between them,
     * and each runs every token in the same precision. Decisions may follow the last of them. Returns
     * 0 for padded plans and when fewer than two layers qualify, where one graph saves nothing.
     */
    int prefixDepth() {
        if (padded) {
            return 0;
        }
        boolean int8 = int8Layer[0];
        int prefix = 0;
        while (prefix < depth && int8Layer[prefix] == int8 && !(int8 && mayMix())) {
            prefix++;
            if (decidesAfter(prefix - 1)) {
                break;
            }
        }
        return prefix >= 2 ? prefix : 0;
    }

    /** Returns the precision of the prefix graph, which runs every token of its layers alike. */
    Precision prefixPrecision() {
        return int8Layer[0] ? Precision.INT8 : Precision.FP32;
    }

    private boolean decidesAfter(int layer) {
        return haltsAfter(layer) || !Float.isNaN(fuseCosine[layer]) || !Float.isNaN(skipAttention[layer]);
    }

    /** Returns true when tokens may halt after layer {@code layer}, so its drift must be measured. */
    boolean haltsAfter(int layer) {
        return !Float.isNaN(haltDrift[layer]);
    }

    /** Returns true when {@code unit} may not halt, fuse, be skipped or leave fp32. */
    boolean exempt(BatchState state, int unit) {
        return exemptSpecials && state.special[unit];
    }
}
