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
     * Token reduction in fp32: fusion of adjacent tokens with cosine above 0.45 from 15% depth.
     * Halting stays off because every halting setting tried on TweetEval cost 3 or more points of
     * macro recall.
     */
    TOKENS("tokens"),

    /** The {@code tokens} fusion, with every content token in int8 and [CLS] and [SEP] in fp32. */
    BALANCED("balanced"),

    /**
     * Halting below the 20th drift percentile from half depth, halted and low-attention keys
     * skipped, fusion above cosine 0.4, every content token in int8. It saves the most work and
     * costs several points of macro recall.
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

    /** Returns the settings of this preset. */
    public QuickSilverConfig config() {
        return switch (this) {
            case OFF -> new QuickSilverConfig(id, 0, 0, 0.5, true, false, SpecialTokenPolicy.EXEMPT,
                    false, 0, 0.5, 0, 0.25, 0, 0, false, null);
            case TOKENS -> new QuickSilverConfig(id, 0, 0, 0.75, true, false, SpecialTokenPolicy.EXEMPT,
                    false, 0, 0.5, 0.45, 0.15, 0, 0, false, null);
            case BALANCED -> new QuickSilverConfig(id, 0, 0, 0.75, true, false, SpecialTokenPolicy.EXEMPT,
                    false, 0, 0.5, 0.45, 0.15, Double.POSITIVE_INFINITY, 0, false, null);
            case AGGRESSIVE -> new QuickSilverConfig(id, 20, 0, 0.5, true, false, SpecialTokenPolicy.EXEMPT,
                    true, 0.2, 0.5, 0.4, 0.15, Double.POSITIVE_INFINITY, 0, false, null);
        };
    }
}
