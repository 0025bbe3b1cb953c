package org.sentistream.engine.quicksilver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the QuickSilver engine: which mechanisms run and their thresholds. Depths are
 * fractions of the encoder's layers, so one setting fits the 6-layer and the 12-layer encoder: a
 * start of 0.5 lets a mechanism act after half of the layers. Build one from a preset with
 * {@link QuickSilverPreset#config()} or from configuration keys with {@link #fromProperties}.
 *
 * @param preset name of the preset the settings started from
 * @param haltPercentile a token halts when its drift after a layer is below this percentile (0-100)
 *     of the model's drift at that layer, read from the calibration; 0 turns halting off unless
 *     {@code haltDrift} is set
 * @param haltDrift absolute drift threshold for every layer; 0 uses {@code haltPercentile}
 * @param haltStart depth from which tokens may halt
 * @param haltEnd depth after which every token halts, [CLS] and [SEP] included, so the layers
 *     beyond it run for no token. 1 runs every layer.
 * @param relativeDrift true to measure drift as ||h_l - h_(l-1)|| / ||h_(l-1)||, false for the absolute norm
 * @param poolHalted true to include halted tokens' frozen states in the mean pool
 * @param specialTokens treatment of [CLS] and [SEP]
 * @param skipHaltedKeys true to drop halted tokens from the keys and values of later layers
 * @param skipAttention drop a token from later keys and values when the attention it received,
 *     relative to a uniform share, is below this value; 0 turns it off
 * @param skipStart depth from which keys may be skipped for low attention
 * @param fuseCosine merge adjacent active tokens whose cosine similarity exceeds this; 0 or at least 1 turns fusion off
 *     unless {@code fusePercentile} is set
 * @param fusePercentile merge adjacent active tokens whose cosine similarity is above this
 *     percentile (0-100) of the model's adjacent-token cosine at that layer, read from the
 *     calibration; 0 uses {@code fuseCosine}
 * @param fuseStart depth from which tokens may fuse
 * @param int8Attention route a token to the int8 layer when the attention it received in the
 *     previous layer, relative to a uniform share, is below this; infinity routes every token
 *     that the special-token policy allows, 0 keeps all in fp32
 * @param int8Start depth from which tokens may run in int8
 * @param int8SpecialTokens true to let [CLS] and [SEP] run in int8 like content tokens even when
 *     {@code specialTokens} exempts them from the other mechanisms
 * @param int8Smoothing strength alpha (0 to 1) of the per-channel scaling that moves outliers of the
 *     int8 projections' inputs into their weights before quantization, read from the calibration's
 *     channel maxima; 0 turns it off. Values below 0.5 move the weights' ranges into the activations
 *     and lose accuracy.
 * @param padded true to run the projections on padded {@code [texts, max tokens]} rows, as a
 *     dense model does; false packs the tokens of all texts (padding-free)
 * @param fusedNorm true to run each residual add and layer normalization as ONNX Runtime's fused
 *     SkipLayerNormalization kernel, which is faster. The states then differ by float rounding.
 * @param calibration file of drift percentiles written by the calibrate command; null for the
 *     calibration bundled for the encoder
 */
public record QuickSilverConfig(
        String preset,
        double haltPercentile,
        double haltDrift,
        double haltStart,
        double haltEnd,
        boolean relativeDrift,
        boolean poolHalted,
        SpecialTokenPolicy specialTokens,
        boolean skipHaltedKeys,
        double skipAttention,
        double skipStart,
        double fuseCosine,
        double fusePercentile,
        double fuseStart,
        double int8Attention,
        double int8Start,
        boolean int8SpecialTokens,
        double int8Smoothing,
        boolean padded,
        boolean fusedNorm,
        String calibration) {

    /** Prefix of every configuration key. */
    public static final String PREFIX = "quicksilver.";

    public QuickSilverConfig {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(specialTokens, "specialTokens");
        requireRange(PREFIX + "halt.percentile", haltPercentile, 0, 100);
        requireRange(PREFIX + "halt.drift", haltDrift, 0, Double.MAX_VALUE);
        requireRange(PREFIX + "halt.start", haltStart, 0, 1);
        if (!(haltEnd > 0 && haltEnd <= 1)) {
            throw new IllegalArgumentException("Invalid value of " + PREFIX + "halt.end: " + haltEnd
                    + " is not in (0, 1]. Give the share of the layers to run, for example 0.833, or 1 for all");
        }
        requireRange(PREFIX + "kv.skip-attention", skipAttention, 0, Double.MAX_VALUE);
        requireRange(PREFIX + "kv.start", skipStart, 0, 1);
        requireRange(PREFIX + "fuse.cosine", fuseCosine, 0, 1);
        requireRange(PREFIX + "fuse.percentile", fusePercentile, 0, 100);
        requireRange(PREFIX + "fuse.start", fuseStart, 0, 1);
        requireRange(PREFIX + "int8.attention", int8Attention, 0, Double.POSITIVE_INFINITY);
        requireRange(PREFIX + "int8.start", int8Start, 0, 1);
        requireRange(PREFIX + "int8.smoothing", int8Smoothing, 0, 1);
    }

    private static void requireRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            String expected = max >= Double.MAX_VALUE ? "a number of at least " + min
                    : "a number from " + min + " to " + max;
            throw new IllegalArgumentException("Invalid value of " + name + ": " + value + "; expected " + expected);
        }
    }

    public boolean halting() {
        return haltPercentile > 0 || haltDrift > 0;
    }

    public boolean fusion() {
        return fusePercentile > 0 || (fuseCosine > 0 && fuseCosine < 1);
    }

    /** Returns true when a threshold is read from the calibration's percentiles, or smoothing from its channel maxima. */
    public boolean needsCalibration() {
        return (halting() && haltDrift == 0) || fusePercentile > 0 || (int8() && int8Smoothing > 0);
    }

    public boolean int8() {
        return int8Attention > 0;
    }

    /**
     * Builds settings from configuration keys: {@code quicksilver.preset} picks the starting preset
     * (default {@code balanced}) and every other key of {@link #toProperties()} overrides one value.
     *
     * @throws IllegalArgumentException naming the key on an unknown key or an invalid value
     */
    public static QuickSilverConfig fromProperties(Map<String, String> properties) {
        String presetName = properties.getOrDefault(PREFIX + "preset", QuickSilverPreset.BALANCED.id());
        Map<String, String> values = QuickSilverPreset.byId(presetName).config().toProperties();
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            if (!entry.getKey().startsWith(PREFIX) || entry.getKey().equals(PREFIX + "preset")) {
                continue;
            }
            if (!values.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("Unknown QuickSilver key '" + entry.getKey() + "': expected one of "
                        + values.keySet());
            }
            values.put(entry.getKey(), entry.getValue().trim());
        }

        try {
            return new QuickSilverConfig(
                    values.get(PREFIX + "preset"),
                    number(values, "halt.percentile"),
                    number(values, "halt.drift"),
                    number(values, "halt.start"),
                    number(values, "halt.end"),
                    bool(values, "halt.relative"),
                    bool(values, "halt.pool-halted"),
                    SpecialTokenPolicy.byId(values.get(PREFIX + "special-tokens")),
                    bool(values, "kv.skip-halted"),
                    number(values, "kv.skip-attention"),
                    number(values, "kv.start"),
                    number(values, "fuse.cosine"),
                    number(values, "fuse.percentile"),
                    number(values, "fuse.start"),
                    number(values, "int8.attention"),
                    number(values, "int8.start"),
                    bool(values, "int8.special-tokens"),
                    number(values, "int8.smoothing"),
                    bool(values, "padded"),
                    bool(values, "fused-norm"),
                    blankToNull(values.get(PREFIX + "calibration")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid QuickSilver configuration (preset " + values.get(PREFIX + "preset")
                    + "): " + e.getMessage(), e);
        }
    }

    /** Returns every setting under its configuration key, in a stable order. */
    public Map<String, String> toProperties() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(PREFIX + "preset", preset);
        values.put(PREFIX + "halt.percentile", String.valueOf(haltPercentile));
        values.put(PREFIX + "halt.drift", String.valueOf(haltDrift));
        values.put(PREFIX + "halt.start", String.valueOf(haltStart));
        values.put(PREFIX + "halt.end", String.valueOf(haltEnd));
        values.put(PREFIX + "halt.relative", String.valueOf(relativeDrift));
        values.put(PREFIX + "halt.pool-halted", String.valueOf(poolHalted));
        values.put(PREFIX + "special-tokens", specialTokens.id());
        values.put(PREFIX + "kv.skip-halted", String.valueOf(skipHaltedKeys));
        values.put(PREFIX + "kv.skip-attention", String.valueOf(skipAttention));
        values.put(PREFIX + "kv.start", String.valueOf(skipStart));
        values.put(PREFIX + "fuse.cosine", String.valueOf(fuseCosine));
        values.put(PREFIX + "fuse.percentile", String.valueOf(fusePercentile));
        values.put(PREFIX + "fuse.start", String.valueOf(fuseStart));
        values.put(PREFIX + "int8.attention", String.valueOf(int8Attention));
        values.put(PREFIX + "int8.start", String.valueOf(int8Start));
        values.put(PREFIX + "int8.special-tokens", String.valueOf(int8SpecialTokens));
        values.put(PREFIX + "int8.smoothing", String.valueOf(int8Smoothing));
        values.put(PREFIX + "padded", String.valueOf(padded));
        values.put(PREFIX + "fused-norm", String.valueOf(fusedNorm));
        values.put(PREFIX + "calibration", calibration == null ? "" : calibration);
        return values;
    }

    /** Returns a copy with {@code padded} set. */
    public QuickSilverConfig withPadded(boolean value) {
        return new QuickSilverConfig(preset, haltPercentile, haltDrift, haltStart, haltEnd, relativeDrift, poolHalted,
                specialTokens, skipHaltedKeys, skipAttention, skipStart, fuseCosine, fusePercentile, fuseStart, int8Attention,
                int8Start, int8SpecialTokens, int8Smoothing, value, fusedNorm, calibration);
    }

    /** Returns a copy with {@code fusedNorm} set. */
    public QuickSilverConfig withFusedNorm(boolean value) {
        return new QuickSilverConfig(preset, haltPercentile, haltDrift, haltStart, haltEnd, relativeDrift, poolHalted,
                specialTokens, skipHaltedKeys, skipAttention, skipStart, fuseCosine, fusePercentile, fuseStart, int8Attention,
                int8Start, int8SpecialTokens, int8Smoothing, padded, value, calibration);
    }

    /** Returns a copy that reads the calibration from {@code file}. */
    public QuickSilverConfig withCalibration(String file) {
        return new QuickSilverConfig(preset, haltPercentile, haltDrift, haltStart, haltEnd, relativeDrift, poolHalted,
                specialTokens, skipHaltedKeys, skipAttention, skipStart, fuseCosine, fusePercentile, fuseStart, int8Attention,
                int8Start, int8SpecialTokens, int8Smoothing, padded, fusedNorm, file);
    }

    private static double number(Map<String, String> values, String key) {
        String value = values.get(PREFIX + key);
        if (value.equalsIgnoreCase("inf") || value.equalsIgnoreCase("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value of " + PREFIX + key + ": '" + value + "' is not a number", e);
        }
    }

    private static boolean bool(Map<String, String> values, String key) {
        String value = values.get(PREFIX + key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Invalid value of " + PREFIX + key + ": '" + value + "', expected true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
