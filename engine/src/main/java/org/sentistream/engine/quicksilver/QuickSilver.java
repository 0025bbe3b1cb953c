package org.sentistream.engine.quicksilver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.ModelInfo;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.engine.internals.EncoderModel;
import org.sentistream.engine.internals.HeadDefinition;
import org.sentistream.engine.internals.HeadFiles;
import org.sentistream.engine.internals.SoftmaxHead;
import org.sentistream.engine.internals.TextTokenizer;
import org.sentistream.engine.internals.TokenizedText;
import org.sentistream.engine.quicksilver.internals.Calibration;
import org.sentistream.engine.quicksilver.internals.Calibrator;
import org.sentistream.engine.quicksilver.internals.LayerwiseEncoder;
import org.sentistream.engine.quicksilver.internals.HeadClassifier;
import org.sentistream.engine.quicksilver.internals.PooledEncoder;
import org.sentistream.engine.quicksilver.internals.PooledEncoders;
import org.sentistream.engine.quicksilver.internals.WholeModelEncoder;
import org.sentistream.engine.quicksilver.internals.QuickSilverRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates QuickSilver classifiers: the encoder runs layer by layer on packed tokens, with token
 * halting, key skipping, token fusion and int8 routing as the settings select, and the same head as
 * the dense engine reads the pooled embedding.
 */
public final class QuickSilver {

    /** Engine name in {@link ModelInfo#engine()}, followed by the preset, as in {@code quicksilver-balanced}. */
    public static final String ENGINE = "quicksilver";

    private static final Logger LOG = LoggerFactory.getLogger(QuickSilver.class);

    private QuickSilver() {
    }

    /**
     * Creates a classifier. The first QuickSilver engine of a process creates the ONNX Runtime
     * environment with a shared thread pool of {@code config.intraOpThreads()} threads; create it
     * before any other ORT user, or its layer sessions get their own, slower pools.
     *
     * @throws IllegalArgumentException on an unknown encoder, a head that is missing or trained on
     *     another encoder, or a missing calibration when a threshold is a percentile
     */
    public static SentimentClassifier create(EngineConfig config, QuickSilverConfig settings) {
        EncoderModel model = EncoderModel.byId(config.encoder());
        HeadFiles.LoadedHead loaded = head(model, config.head(), settings);
        HeadDefinition definition = loaded.definition();
        String trainedOn = definition.trainedEngine();
        if (trainedOn.startsWith(ENGINE) && !trainedOn.equals(ENGINE + "-" + settings.preset())) {
            LOG.warn("Head {} was trained on the output of engine {}, but this engine runs preset {}, which may "
                    + "score it lower; run that preset or use the head trained for this one", definition.name(),
                    trainedOn, settings.preset());
        }
        SoftmaxHead head = new SoftmaxHead(definition, model.hiddenSize());
        String prefix = definition.prefix() == null ? "" : definition.prefix();

        TextTokenizer tokenizer = TextTokenizer.load(model, prefix, config.maxTokens());
        PooledEncoder encoder;
        try {
            encoder = PooledEncoders.quickSilver(model, settings, config.intraOpThreads());
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }

        ModelInfo info = new ModelInfo(
                model.id() + "/" + definition.name(),
                model.artifactVersion() + "+" + definition.name() + "-" + loaded.sha256().substring(0, 8),
                ENGINE + "-" + settings.preset(),
                model.layers(),
                model.hiddenSize(),
                tokenizer.maxTokens());
        return new HeadClassifier(tokenizer, encoder, head, config.maxBatchSize(), info);
    }

    /**
     * Returns the head for {@code settings}: when they are a preset's and the head is a bundled
     * one, the bundled head trained on that preset's own output ({@code tweet3-balanced} for {@code
     * tweet3}) if there is one, because a head fitted to the dense states reads the shifted states of
     * a preset less well; otherwise the head that {@code name} names.
     */
    static HeadFiles.LoadedHead head(EncoderModel model, String name, QuickSilverConfig settings) {
        String base = name == null || name.isBlank() ? HeadFiles.DEFAULT_HEAD : name.trim();
        if (presetOutput(settings) && HeadFiles.BUNDLED_HEADS.contains(base)) {
            Optional<HeadFiles.LoadedHead> matched = HeadFiles.loadBundled(model, matchedHeadName(base, settings.preset()));
            if (matched.isPresent()) {
                return matched.get();
            }
        }
        return HeadFiles.load(model, base);
    }

    /**
     * Returns true when {@code settings} produce their preset's states. {@code quicksilver.padded}
     * does not count: its filler rows copy real rows, so they change neither attention nor the int8
     * ranges, only the work done. Nor do {@code quicksilver.fused-norm}, which changes the states by
     * float rounding, and {@code quicksilver.int8.smoothing}, which changes how int8 rounds. In int8
     * presets each moves about as many predictions as another batch size does.
     */
    static boolean presetOutput(QuickSilverConfig settings) {
        Map<String, String> own = new HashMap<>(settings.toProperties());
        Map<String, String> preset = new HashMap<>(QuickSilverPreset.byId(settings.preset()).config().toProperties());
        for (String key : List.of("padded", "fused-norm", "int8.smoothing")) {
            own.remove(QuickSilverConfig.PREFIX + key);
            preset.remove(QuickSilverConfig.PREFIX + key);
        }
        return own.equals(preset);
    }

    /** Returns the name of the head trained on the output of {@code preset}, as in {@code tweet3-balanced}. */
    public static String matchedHeadName(String head, String preset) {
        return head + "-" + preset;
    }

    /**
     * Creates a baseline classifier that runs the encoder's ONNX export whole, on padded batches
     * sorted by length, with the same head and tokenizer as {@link #create}. Its engine name is
     * {@code whole-fp32} or {@code whole-int8}; the int8 export ships in the encoder's
     * {@code -q} jar. The session uses QuickSilver's shared thread pool when the process has one.
     */
    public static SentimentClassifier wholeModel(EngineConfig config, boolean int8) {
        EncoderModel model = EncoderModel.byId(config.encoder());
        HeadFiles.LoadedHead loaded = HeadFiles.load(model, config.head());
        HeadDefinition definition = loaded.definition();
        SoftmaxHead head = new SoftmaxHead(definition, model.hiddenSize());
        String prefix = definition.prefix() == null ? "" : definition.prefix();
        String resource = int8 ? "/" + model.id() + "-q.onnx" : model.onnxResource();

        TextTokenizer tokenizer = TextTokenizer.load(model, prefix, config.maxTokens());
        PooledEncoder encoder;
        try {
            encoder = WholeModelEncoder.load(resource, config.intraOpThreads())
                    .asPooledEncoder(model.layers(), model.hiddenSize(), int8);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        ModelInfo info = new ModelInfo(
                model.id() + "/" + definition.name(),
                model.artifactVersion() + "+" + definition.name() + "-" + loaded.sha256().substring(0, 8),
                int8 ? "whole-int8" : "whole-fp32",
                model.layers(),
                model.hiddenSize(),
                tokenizer.maxTokens());
        return new HeadClassifier(tokenizer, encoder, head, config.maxBatchSize(), info);
    }

    /**
     * Measures the drift, adjacent-token cosine and key-attention percentiles of the encoder's
     * dense run on {@code texts} and writes them to {@code out}, the file that
     * {@code quicksilver.calibration} names.
     *
     * @param source data set named in the file
     * @return per layer, the median relative drift, absolute drift, adjacent cosine and key attention
     */
    public static List<Map<String, Double>> calibrate(EngineConfig config, List<String> texts, String source, Path out)
            throws IOException {
        EncoderModel model = EncoderModel.byId(config.encoder());
        List<TokenizedText> tokenized = new ArrayList<>(texts.size());
        try (TextTokenizer tokenizer = TextTokenizer.load(model, model.recommendedPrefix(), config.maxTokens())) {
            for (String text : texts) {
                tokenized.add(tokenizer.tokenize(text));
            }
        }

        Calibration calibration;
        try (LayerwiseEncoder encoder = LayerwiseEncoder.load(model.id(), model.onnxResource(), false,
                config.intraOpThreads())) {
            calibration = Calibrator.measure(model.id(), new QuickSilverRunner(encoder), tokenized,
                    config.maxBatchSize(), source);
        }
        calibration.write(out);

        List<Map<String, Double>> medians = new ArrayList<>();
        for (int l = 0; l < model.layers(); l++) {
            Map<String, Double> layer = new LinkedHashMap<>();
            layer.put("relative_drift", (double) calibration.relativeDrift().get(l)[50]);
            layer.put("absolute_drift", (double) calibration.absoluteDrift().get(l)[50]);
            layer.put("adjacent_cosine", (double) calibration.adjacentCosine().get(l)[50]);
            layer.put("key_attention", (double) calibration.keyAttention().get(l)[50]);
            medians.add(layer);
        }
        return medians;
    }

    /** Creates a classifier with the settings of {@code preset}. */
    public static SentimentClassifier create(EngineConfig config, QuickSilverPreset preset) {
        return create(config, preset.config());
    }
}
