package org.sentistream.engine.quicksilver.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sentistream.engine.internals.TokenizedText;

/**
 * Measures the percentiles of a {@link Calibration} on a dense run: per layer, the drift of every
 * content token, the cosine similarity of adjacent content tokens and the attention each content
 * key received. [CLS] and [SEP] are left out because their drift is nearly constant. A second
 * fp32 pass records the largest absolute value of each channel of the projection inputs that int8
 * smoothing rescales, over every token.
 */
public final class Calibrator {

    private Calibrator() {
    }

    public static Calibration measure(String encoderId, QuickSilverRunner runner, List<TokenizedText> texts,
            int maxBatchSize, String source) {
        int layers = runner.encoder().layers();
        List<FloatList> relative = lists(layers);
        List<FloatList> absolute = lists(layers);
        List<FloatList> cosine = lists(layers);
        List<FloatList> attention = lists(layers);

        LayerObserver observer = (layer, state, computed) -> {
            for (int text = 0; text < state.texts; text++) {
                for (int i = 0; i < state.orderLength[text]; i++) {
                    int unit = state.order[text][i];
                    if (state.special[unit]) {
                        continue;
                    }
                    relative.get(layer).add(state.relativeDrift[unit]);
                    absolute.get(layer).add(state.absoluteDrift[unit]);
                    attention.get(layer).add(state.importance[unit]);
                    int next = i + 1 < state.orderLength[text] ? state.order[text][i + 1] : -1;
                    if (next >= 0 && !state.special[next]) {
                        cosine.get(layer).add((float) state.cosine(unit, next));
                    }
                }
            }
        };
        runner.encode(texts, maxBatchSize, MechanismPlan.dense(layers, false), observer);
        Map<String, List<float[]>> inputMax = runner.encoder().projectionInputMax(batches(texts, maxBatchSize));

        return new Calibration(Calibration.FORMAT, encoderId, texts.size(), source, percentiles(relative),
                percentiles(absolute), percentiles(cosine), percentiles(attention), inputMax);
    }

    private static List<List<long[]>> batches(List<TokenizedText> texts, int maxBatchSize) {
        List<List<long[]>> batches = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += maxBatchSize) {
            List<long[]> batch = new ArrayList<>();
            for (TokenizedText text : texts.subList(from, Math.min(texts.size(), from + maxBatchSize))) {
                batch.add(text.inputIds());
            }
            batches.add(batch);
        }
        return batches;
    }

    private static List<FloatList> lists(int layers) {
        List<FloatList> lists = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            lists.add(new FloatList());
        }
        return lists;
    }

    private static List<float[]> percentiles(List<FloatList> lists) {
        List<float[]> result = new ArrayList<>();
        for (FloatList list : lists) {
            result.add(Calibration.percentiles(list.values, list.size));
        }
        return result;
    }

    /** A growable float array. */
    private static final class FloatList {
        float[] values = new float[1024];
        int size;

        void add(float value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
