package org.sentistream.engine;

import java.util.List;
import org.sentistream.engine.internals.DenseClassifier;
import org.sentistream.engine.internals.EncoderModel;
import org.sentistream.engine.internals.HeadDefinition;
import org.sentistream.engine.internals.HeadFiles;
import org.sentistream.engine.internals.SoftmaxHead;
import org.sentistream.engine.internals.TextTokenizer;
import org.sentistream.engine.internals.TransformerEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates sentiment classifiers. */
public final class Classifiers {

    private static final Logger LOG = LoggerFactory.getLogger(Classifiers.class);

    private Classifiers() {
    }

    /**
     * Creates the dense fp32 ONNX classifier described by {@code config}. Loads the encoder graph
     * and tokenizer from the classpath and the head from the classpath or a file; nothing is
     * downloaded. The returned classifier is thread-safe and must be closed.
     *
     * @throws IllegalArgumentException on an unknown encoder or a head that is missing, invalid or
     *     trained on another encoder
     */
    public static SentimentClassifier create(EngineConfig config) {
        EncoderModel model = EncoderModel.byId(config.encoder());
        HeadFiles.LoadedHead loaded = HeadFiles.load(model, config.head());
        HeadDefinition definition = loaded.definition();
        if (!DenseClassifier.ENGINE.equals(definition.trainedEngine())) {
            LOG.warn("Head {} was trained on the output of engine {}, not on the dense encoder's, so the dense engine "
                    + "may score it lower; use that engine or a head trained without --engine", definition.name(),
                    definition.trainedEngine());
        }
        SoftmaxHead head = new SoftmaxHead(definition, model.hiddenSize());
        String prefix = definition.prefix() == null ? "" : definition.prefix();

        TextTokenizer tokenizer = TextTokenizer.load(model, prefix, config.maxTokens());
        TransformerEncoder encoder;
        try {
            encoder = TransformerEncoder.load(model, config.intraOpThreads());
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }

        ModelInfo info = new ModelInfo(
                model.id() + "/" + definition.name(),
                model.artifactVersion() + "+" + definition.name() + "-" + loaded.sha256().substring(0, 8),
                DenseClassifier.ENGINE,
                model.layers(),
                model.hiddenSize(),
                tokenizer.maxTokens());
        return new DenseClassifier(tokenizer, encoder, head, config.maxBatchSize(), info);
    }

    /**
     * Creates the QuickSilver classifier (engine {@code quicksilver}) with the settings of a preset:
     * {@code off}, {@code tokens}, {@code balanced} or {@code aggressive}. See
     * {@link org.sentistream.engine.quicksilver.QuickSilver} for the settings and the thread pool.
     *
     * @throws IllegalArgumentException on an unknown preset, encoder or head
     */
    public static SentimentClassifier createQuickSilver(EngineConfig config, String preset) {
        return org.sentistream.engine.quicksilver.QuickSilver.create(config,
                org.sentistream.engine.quicksilver.QuickSilverPreset.byId(preset));
    }

    /** Returns the encoder names {@link EngineConfig#encoder()} accepts. */
    public static List<String> encoders() {
        return EncoderModel.ids();
    }

    /** Returns the names of the heads bundled for every encoder; the first is the default. */
    public static List<String> bundledHeads() {
        return HeadFiles.BUNDLED_HEADS;
    }
}
