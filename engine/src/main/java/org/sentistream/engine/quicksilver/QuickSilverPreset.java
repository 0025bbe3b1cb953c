package org.sentistream.engine.quicksilver;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Named QuickSilver settings, from every mechanism off to the cheapest. */
public enum QuickSilverPreset {

    /** Every mechanism off: the layer-wise, padding-free fp32 run of the whole model. */
    OFF("off"),

    /**
     * Token reduction in fp32. Every token halts after 5/6 of the layers (10 of e5-small-v2's 12),
     * and before that, tokens whose drift is below the 28th percentile halt from half depth. Halted
     * tokens stay keys and take part in the mean pool, which the matched heads were trained on.
     */
    TOKENS("tokens"),

    /**
     * All four mechanisms, with every token in int8, [CLS] and [SEP] included. It adds two mechanisms
     * to the token reduction of {@link #TOKENS}. Adjacent tokens above the 90th cosine percentile
     * fuse from half depth, and from 3/4 depth keys that receive less than a fifth of a uniform share
     * of attention stop being keys. The int8 projections read inputs smoothed at strength 0.7, and
     * each residual add and layer norm runs as ONNX Runtime's fused kernel.
     */
    BALANCED("balanced"),

    /**
     * Halting below the 20th drift percentile from half depth, halted and low-attention keys
     * skipped, fusion above the 60th cosine percentile from 1/4 depth, every token in int8. It saves
     * the most work and costs several points of macro recall.
     */
    AGGRESSIVE("aggressive");

    private final String id;

    QuickSilverPreset(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * Returns the preset named {@code id}, ignoring case.
     *
     * @throws IllegalArgumentException naming the valid presets if none matches
     */
    public static QuickSilverPreset byId(String id) {
        for (QuickSilverPreset preset : values()) {
            if (preset.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return preset;
            }
        }
        throw new IllegalArgumentException("Unknown QuickSilver preset '" + id + "': expected one of " + ids());
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(QuickSilverPreset::id).collect(Collectors.toList());
    }

    /**
     * Returns the most this preset may lose, as a fraction, against the whole fp32 model on
     * TweetEval macro recall and on SST-2 accuracy. {@code PresetAccuracyBoundTest} checks each
     * preset against it.
     */
    public double maxAccuracyLoss() {
        return switch (this) {
            case OFF -> 0.001;
            case TOKENS, BALANCED -> 0.005;
            case AGGRESSIVE -> 0.10;
        };
    }

    /** Returns the settings of this preset. */
    public QuickSilverConfig config() {
        return switch (this) {
            case OFF -> new QuickSilverConfig(id, 0, 0, 0.5, 1, true, false, SpecialTokenPolicy.EXEMPT,
                    false, 0, 0.5, 0, 0, 0.25, 0, 0, false, 0, false, false, null);
            case TOKENS -> new QuickSilverConfig(id, 28, 0, 0.5, 5.0 / 6, true, true, SpecialTokenPolicy.EXEMPT,
                    false, 0, 0.5, 0, 0, 0.5, 0, 0, false, 0, false, false, null);
            case BALANCED -> new QuickSilverConfig(id, 28, 0, 0.5, 5.0 / 6, true, true, SpecialTokenPolicy.EXEMPT,
                    false, 0.2, 0.75, 0, 90, 0.5, Double.POSITIVE_INFINITY, 0, true, 0.7, false, true, null);
            case AGGRESSIVE -> new QuickSilverConfig(id, 20, 0, 0.5, 1, true, false, SpecialTokenPolicy.EXEMPT,
                    true, 0.2, 0.5, 0, 60, 0.25, Double.POSITIVE_INFINITY, 0, true, 0, false, false, null);
        };
    }
}
