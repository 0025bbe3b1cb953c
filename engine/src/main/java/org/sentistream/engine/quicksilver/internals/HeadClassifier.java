package org.sentistream.engine.quicksilver.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sentistream.engine.InferenceException;
import org.sentistream.engine.ModelInfo;
import org.sentistream.engine.Prediction;
import org.sentistream.engine.Sentiment;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.engine.internals.SoftmaxHead;
import org.sentistream.engine.internals.TextTokenizer;
import org.sentistream.engine.internals.TokenizedText;

/**
 * Classifier that pools texts with a {@link PooledEncoder} (the layer-wise QuickSilver runner or
 * a whole ONNX export) and reads the pooled embedding with a softmax head. {@link #classify} is
 * thread-safe: calls are serialized, because the layer runner reuses its buffers and ORT already
 * uses every intra-op thread for one call.
 */
public final class HeadClassifier implements SentimentClassifier {

    private final TextTokenizer tokenizer;
    private final PooledEncoder encoder;
    private final SoftmaxHead head;
    private final int maxBatchSize;
    private final ModelInfo info;

    public HeadClassifier(TextTokenizer tokenizer, PooledEncoder encoder, SoftmaxHead head, int maxBatchSize,
            ModelInfo info) {
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.head = head;
        this.maxBatchSize = maxBatchSize;
        this.info = info;
    }

    @Override
    public synchronized List<Prediction> classify(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return List.of();
        }

        List<TokenizedText> tokenized = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("Text " + i + " of the batch is null");
            }
            try {
                tokenized.add(tokenizer.tokenize(text));
            } catch (RuntimeException e) {
                throw new InferenceException("Tokenizer of " + info.modelId() + " failed on text " + i
                        + " of the batch (" + text.length() + " chars)", e);
            }
        }

        List<QuickSilverRunner.EncodedText> encoded = encoder.encode(tokenized, maxBatchSize);

        List<Prediction> predictions = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            TokenizedText text = tokenized.get(i);
            float[] probabilities = head.probabilities(encoded.get(i).pooled());
            predictions.add(new Prediction(Sentiment.mostProbable(probabilities), probabilities, text.length(), text.truncated(),
                    encoded.get(i).stats()));
        }
        return predictions;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public synchronized void close() {
        try (TextTokenizer t = tokenizer) {
            encoder.close();
        }
    }
}
