package org.sentistream.engine.quicksilver.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sentistream.engine.internals.EncoderModel;
import org.sentistream.engine.internals.TextTokenizer;
import org.sentistream.engine.internals.TokenizedText;

/** Encoders shared by the QuickSilver tests, loaded once per JVM because building them takes seconds. */
final class Encoders {

    static final List<String> SAMPLES = List.of(
            "I love this phone, the battery lasts forever!",
            "Worst customer service ever. Never again.",
            "ok",
            "The meeting has been moved to Thursday at 3pm in room 204, please bring the quarterly report.",
            "@user thanks for the quick reply :) really appreciate it",
            "not bad not bad at all",
            "The movie was long, the plot was thin and the acting was wooden, but the soundtrack was great.",
            "meh",
            "Flight delayed again... third time this month #fail",
            "Just landed in Paris, the weather is lovely and the food even better.");

    private static final Map<EncoderModel, LayerwiseEncoder> LAYERWISE = new ConcurrentHashMap<>();
    private static final Map<EncoderModel, WholeModelEncoder> WHOLE = new ConcurrentHashMap<>();
    private static final Map<EncoderModel, TextTokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    private Encoders() {
    }

    static synchronized LayerwiseEncoder layerwise(EncoderModel model) {
        return LAYERWISE.computeIfAbsent(model, m -> LayerwiseEncoder.load(m.id(), m.onnxResource(), true, 2));
    }

    static synchronized WholeModelEncoder whole(EncoderModel model) {
        return WHOLE.computeIfAbsent(model, m -> WholeModelEncoder.load(m.onnxResource(), 2));
    }

    static List<TokenizedText> tokenize(EncoderModel model, List<String> texts) {
        TextTokenizer tokenizer = TOKENIZERS.computeIfAbsent(model,
                m -> TextTokenizer.load(m, m.recommendedPrefix(), 512));
        List<TokenizedText> tokenized = new ArrayList<>();
        for (String text : texts) {
            tokenized.add(tokenizer.tokenize(text));
        }
        return tokenized;
    }

    static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
