package org.sentistream.engine.internals;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * Contents of a head JSON file: a softmax regression over the L2-normalized, then standardized,
 * mean-pooled embedding of one encoder.
 *
 * @param format file format version, currently 1
 * @param encoder encoder the head was trained on, for example {@code e5-small-v2}
 * @param name head name, for example {@code tweet3}
 * @param labels class labels in the order of the rows of {@code weights}: {@code [negative, neutral,
 *     positive]} or {@code [negative, positive]}
 * @param prefix text prefix used when embedding the training data; inference uses the same one
 * @param created UTC date the head was trained, {@code yyyy-MM-dd}
 * @param mean per-dimension mean of the normalized training embeddings
 * @param std per-dimension standard deviation of the normalized training embeddings
 * @param weights {@code [labels][hiddenSize]} weights
 * @param bias one bias per label
 * @param training how the head was trained and what it measured: data file, rows, command, L2
 *     penalty and metrics
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "encoder", "name", "labels", "prefix", "created", "training", "mean", "std", "bias", "weights"})
public record HeadDefinition(
        int format,
        String encoder,
        String name,
        List<String> labels,
        String prefix,
        String created,
        float[] mean,
        float[] std,
        float[][] weights,
        float[] bias,
        Map<String, Object> training) {

    public static final int FORMAT = 1;

    /**
     * Returns the engine whose output the head was trained on, as in {@code quicksilver-balanced}, or
     * {@code dense-fp32} when the training record names none, as in heads trained before engines existed.
     */
    @JsonIgnore
    public String trainedEngine() {
        Object engine = training == null ? null : training.get("engine");
        return engine == null ? DenseClassifier.ENGINE : engine.toString();
    }
}
