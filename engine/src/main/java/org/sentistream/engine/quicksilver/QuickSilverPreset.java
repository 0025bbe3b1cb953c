package org.sentistream.engine.quicksilver;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Named QuickSilver settings, from every mechanism off to the cheapest. */
public enum QuickSilverPreset {

    /** Every mechanism off: the layer-wise, padding-free fp32 run of the whole model. */
    OFF("off"),

    /** Token reduction in fp32: fusion of near-equal neighbours and halting of the slowest-drifting tokens. */
    TOKENS("tokens"),

    /** The {@code tokens} reduction, with every content token in int8 and [CLS] and [SEP] in fp32. */
    BALANCED("balanced"),

    /** Stronger halting and fusion, low-attention keys skipped, every token in int8. */
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
            case TOKENS -> new QuickSilverConfig(id, 20, 0, 0.5, true, false, SpecialTokenPolicy.EXEMPT,
                    false, 0, 0.5, 0.5, 0.15, 0, 0, false, null);
            case BALANCED -> new QuickSilverConfig(id, 20, 0, 0.5, true, false, SpecialTokenPolicy.EXEMPT,
                    false, 0, 0.5, 0.5, 0.15, Double.POSITIVE_INFINITY, 0, false, null);
            case AGGRESSIVE -> new QuickSilverConfig(id, 35, 0, 0.34, true, false, SpecialTokenPolicy.EXEMPT,
                    true, 0.2, 0.5, 0.4, 0.15, Double.POSITIVE_INFINITY, 0, false, null);
        };
    }
}
