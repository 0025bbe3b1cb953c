package org.sentistream.engine.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sentistream.engine.ComputeStats;
import org.sentistream.engine.InferenceException;
import org.sentistream.engine.ModelInfo;
import org.sentistream.engine.Prediction;
import org.sentistream.engine.Sentiment;
import org.sentistream.engine.SentimentClassifier;

/**
 * Dense fp32 classifier: every token runs through every encoder layer, then a softmax head reads
 * the mean-pooled final hidden states. {@link #classify} is thread-safe.
 */
public final class DenseClassifier implements SentimentClassifier {

    public static final String ENGINE = "dense-fp32";

    private final TextTokenizer tokenizer;
    private final TransformerEncoder encoder;
    private final SoftmaxHead head;
    private final int maxBatchSize;
    private final ModelInfo info;

    public DenseClassifier(TextTokenizer tokenizer, TransformerEncoder encoder, SoftmaxHead head,
            int maxBatchSize, ModelInfo info) {
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.head = head;
        this.maxBatchSize = maxBatchSize;
        this.info = info;
    }

    @Override
    public List<Prediction> classify(List<String> texts) {
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
                throw new InferenceException("Tokenizer of " + encoder.model().id() + " failed on text " + i
                        + " of the batch (" + text.length() + " chars)", e);
            }
        }

        float[][] pooled = encoder.pool(tokenized, maxBatchSize);

        EncoderModel model = encoder.model();
        List<Prediction> predictions = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            TokenizedText text = tokenized.get(i);
            float[] probabilities = head.probabilities(pooled[i]);
            long flops = FlopsEstimate.dense(model.layers(), model.hiddenSize(), text.length());
            ComputeStats stats = ComputeStats.dense(model.layers(), text.length(), flops);
            predictions.add(new Prediction(Sentiment.mostProbable(probabilities), probabilities, text.length(), text.truncated(), stats));
        }
        return predictions;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** Returns the head definition, including its training metadata. */
    public HeadDefinition head() {
        return head.definition();
    }

    @Override
    public void close() {
        try (TextTokenizer t = tokenizer) {
            encoder.close();
        }
    }
}
