package org.sentistream.engine.quicksilver.internals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Percentiles of what the model's own dense run produces at each layer, over content tokens
 * (not [CLS] or [SEP]) of a sample of texts. Halting thresholds are read from these, because the
 * drift of this kind of encoder is far from the values reported for decoders: a content token's
 * relative drift stays above about 0.28 on all-MiniLM-L6-v2.
 *
 * @param format file format version, currently 1
 * @param encoder encoder the percentiles were measured on
 * @param texts number of texts measured
 * @param source data file the texts came from
 * @param relativeDrift per layer, 101 percentiles (0 to 100) of ||h_l - h_(l-1)|| / ||h_(l-1)||
 * @param absoluteDrift per layer, 101 percentiles of ||h_l - h_(l-1)||
 * @param adjacentCosine per layer, 101 percentiles of the cosine similarity of adjacent tokens
 * @param keyAttention per layer, 101 percentiles of the attention a key received relative to a uniform share
 * @param projectionInputMax per projection input ({@link SmoothedInput#key()}) and layer, the largest absolute
 *     value of each channel over all tokens, [CLS] and [SEP] included; null in files written before
 *     int8 smoothing existed
 */
public record Calibration(int format, String encoder, int texts, String source, List<float[]> relativeDrift,
        List<float[]> absoluteDrift, List<float[]> adjacentCosine, List<float[]> keyAttention,
        Map<String, List<float[]>> projectionInputMax) {

    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Returns the classpath resource of the calibration bundled for {@code encoder}. */
    public static String bundledResource(String encoder) {
        return "/org/sentistream/engine/quicksilver/calibration/" + encoder + ".json";
    }

    /**
     * Loads the calibration from {@code file}, or the bundled one for {@code encoder} when file is null.
     *
     * @throws IllegalArgumentException if it is missing, invalid or measured on another encoder
     */
    public static Calibration load(String encoder, String file) {
        Calibration calibration;
        try {
            if (file == null) {
                try (InputStream in = Calibration.class.getResourceAsStream(bundledResource(encoder))) {
                    if (in == null) {
                        throw new IllegalArgumentException("No QuickSilver calibration is bundled for encoder " + encoder
                                + ": run the calibrate command and set quicksilver.calibration to its output file");
                    }
                    calibration = MAPPER.readValue(in, Calibration.class);
                }
            } else {
                calibration = readFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read QuickSilver calibration " + (file == null ? encoder : file), e);
        }
        if (calibration.format() != FORMAT || !encoder.equals(calibration.encoder())) {
            throw new IllegalArgumentException("QuickSilver calibration " + (file == null ? bundledResource(encoder) : file)
                    + " is format " + calibration.format() + " for encoder " + calibration.encoder() + ", expected format "
                    + FORMAT + " for " + encoder + ": run the calibrate command for " + encoder);
        }
        return calibration;
    }

    private static Calibration readFile(String file) {
        try {
            return MAPPER.readValue(Files.readAllBytes(Path.of(file)), Calibration.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("QuickSilver calibration file " + file + " (quicksilver.calibration) not "
                    + "found: give the output file of the calibrate command", e);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.toString();
            throw new IllegalArgumentException("Invalid QuickSilver calibration file " + file + " (quicksilver.calibration): "
                    + reason + ". Run the calibrate command to write a new one", e);
        }
    }

    /**
     * Checks that every table has one entry per layer of an encoder with {@code layers} layers.
     *
     * @throws IllegalArgumentException naming the table when the file is damaged or fits another model
     */
    void requireLayers(int layers) {
        Map<String, List<float[]>> tables = new java.util.LinkedHashMap<>();
        tables.put("relativeDrift", relativeDrift);
        tables.put("absoluteDrift", absoluteDrift);
        tables.put("adjacentCosine", adjacentCosine);
        tables.put("keyAttention", keyAttention);
        if (projectionInputMax != null) {
            projectionInputMax.forEach((input, maxima) -> tables.put("projectionInputMax." + input, maxima));
        }
        tables.forEach((name, table) -> {
            int size = table == null ? 0 : table.size();
            if (size != layers) {
                throw new IllegalArgumentException("The QuickSilver calibration of encoder " + encoder + " has " + size
                        + " layers of " + name + ", expected " + layers + ": the file is damaged or was measured on "
                        + "another model. Run the calibrate command for " + encoder);
            }
        });
    }

    /**
     * Returns the largest absolute value of each channel of {@code input} at {@code layer}.
     *
     * @throws IllegalArgumentException when the file predates these maxima
     */
    float[] projectionInputMax(SmoothedInput input, int layer) {
        List<float[]> maxima = projectionInputMax == null ? null : projectionInputMax.get(input.key());
        if (maxima == null || layer >= maxima.size()) {
            throw new IllegalArgumentException("The QuickSilver calibration of encoder " + encoder + " has no channel maxima of "
                    + input.key() + " inputs, which quicksilver.int8.smoothing needs: rerun the calibrate command, "
                    + "or set quicksilver.int8.smoothing=0");
        }
        return maxima.get(layer);
    }

    /** Writes this calibration as JSON to {@code file}. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    /** Returns the value at {@code percentile} (0-100) of {@code table} at {@code layer}, interpolated. */
    static float percentile(List<float[]> table, int layer, double percentile) {
        float[] values = table.get(layer);
        double position = percentile / 100.0 * (values.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(values.length - 1, low + 1);
        double fraction = position - low;
        return (float) (values[low] + fraction * (values[high] - values[low]));
    }

    /** Returns 101 percentiles (0 to 100) of {@code values}, linearly interpolated. */
    static float[] percentiles(float[] values, int size) {
        float[] sorted = java.util.Arrays.copyOf(values, size);
        java.util.Arrays.sort(sorted);
        float[] result = new float[101];
        if (size == 0) {
            return result;
        }
        for (int p = 0; p <= 100; p++) {
            double position = p / 100.0 * (size - 1);
            int low = (int) Math.floor(position);
            int high = Math.min(size - 1, low + 1);
            result[p] = (float) (sorted[low] + (position - low) * (sorted[high] - sorted[low]));
        }
        return result;
    }
}
