package org.sentistream.engine.quicksilver.internals;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Per-channel scales that move the outliers of a projection's input into its weights before int8
 * quantization, after SmoothQuant (Xiao et al., arXiv 2211.10438). The int8 graphs quantize each
 * activation tensor with one range, so a few channels with large values (up to 32 on e5-small-v2,
 * where most stay below 3) leave the others few int8 steps. Dividing channel {@code k} of the input
 * by {@code s_k} and multiplying row {@code k} of the weight by it leaves the product unchanged in
 * exact arithmetic, and with {@code s_k = max|x_k|^alpha / max|w_k|^(1 - alpha)} it splits the
 * range between activations and weights.
 */
final class Smoothing {

    /** Largest accepted channel maximum; the bundled calibrations stay below 35. */
    static final float MAX_CHANNEL_MAXIMUM = 1e4f;

    private final List<Map<SmoothedInput, float[]>> scales;

    private Smoothing(List<Map<SmoothedInput, float[]>> scales) {
        this.scales = scales;
    }

    /**
     * Computes the scales of every layer from the channel maxima of {@code calibration}.
     *
     * @param alpha share of the range moved into the weights, in (0, 1]
     * @throws IllegalArgumentException when the calibration has no channel maxima
     */
    static Smoothing of(EncoderWeights weights, Calibration calibration, double alpha) {
        List<Map<SmoothedInput, float[]>> scales = new java.util.ArrayList<>();
        for (int l = 0; l < weights.layers().size(); l++) {
            EncoderWeights.Layer layer = weights.layers().get(l);
            Map<SmoothedInput, float[]> ofLayer = new EnumMap<>(SmoothedInput.class);
            // Q, K and V read the same states, so they share one scale and one quantized input.
            ofLayer.put(SmoothedInput.ATTENTION, scales(calibration.projectionInputMax(SmoothedInput.ATTENTION, l),
                    alpha, layer.query(), layer.key(), layer.value()));
            ofLayer.put(SmoothedInput.INTERMEDIATE, scales(calibration.projectionInputMax(SmoothedInput.INTERMEDIATE, l),
                    alpha, layer.intermediate()));
            ofLayer.put(SmoothedInput.OUTPUT, scales(calibration.projectionInputMax(SmoothedInput.OUTPUT, l),
                    alpha, layer.output()));
            scales.add(ofLayer);
        }
        return new Smoothing(scales);
    }

    private static float[] scales(float[] inputMax, double alpha, EncoderWeights.Linear... readers) {
        int channels = readers[0].weight().rows();
        if (inputMax.length != channels) {
            throw new IllegalArgumentException("The QuickSilver calibration has " + inputMax.length + " channel maxima for"
                    + " a projection input of " + channels + " channels: the file is damaged or was measured on another"
                    + " model. Run the calibrate command");
        }
        float[] s = new float[channels];
        for (int k = 0; k < channels; k++) {
            // A maximum this large cannot come from a layer-normalized encoder, and its scale would overflow.
            if (!(inputMax[k] >= 0 && inputMax[k] <= MAX_CHANNEL_MAXIMUM)) {
                throw new IllegalArgumentException("Invalid channel maximum " + inputMax[k] + " in the QuickSilver"
                        + " calibration: expected a number from 0 to " + MAX_CHANNEL_MAXIMUM + ". Run the calibrate command");
            }
            float weightMax = 0;
            for (EncoderWeights.Linear reader : readers) {
                EncoderWeights.Matrix w = reader.weight();
                for (int c = 0; c < w.columns(); c++) {
                    weightMax = Math.max(weightMax, Math.abs(w.values()[k * w.columns() + c]));
                }
            }
            // A channel that is always 0, or never weighted, keeps scale 1.
            s[k] = inputMax[k] > 0 && weightMax > 0
                    ? (float) (Math.pow(inputMax[k], alpha) / Math.pow(weightMax, 1 - alpha)) : 1f;
        }
        return s;
    }

    /** Returns the scales of {@code input} at {@code layer}: divide the input's channels by them. */
    float[] scales(int layer, SmoothedInput input) {
        return scales.get(layer).get(input);
    }
}
