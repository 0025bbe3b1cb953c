package org.sentistream.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.Prediction;
import org.sentistream.engine.SentimentClassifier;

/**
 * Throughput of the classifier engines on the bundled sample texts. One benchmark operation is one
 * {@code classify} call on the next {@code batch} texts of the sample, cycling through it.
 *
 * <p>Units: the primary score {@code classify} is calls per second. The secondary score
 * {@code classify:texts}, counted by {@link TextCounter}, is texts per second, the figure to
 * compare across engines and batch sizes. It equals {@code batch} times the primary score.
 * {@code @OperationsPerInvocation} would make the primary score texts per second, but it takes
 * only a constant, and the number of texts per call is a parameter here.
 *
 * <p>The defaults (1 fork, 2 warm-up and 3 measurement iterations of 5 s) are sized so that the
 * 12 trials of the default parameters take about 7 minutes on 2 cores. That is an estimate, scaled
 * from a short run that spent about 4 s per trial on JVM start and ONNX session setup. Every trial
 * runs in its own JVM, so each engine gets a fresh ONNX Runtime environment. For figures to
 * publish, raise the iterations on the command line ({@code -wi}, {@code -i}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Threads(1)
public class EngineBenchmark {

    /** Engine name as {@code ModelInfo.engine()} reports it. {@code dense-fp32} and the other QuickSilver presets also work. */
    @Param({"whole-fp32", "whole-int8", "quicksilver-tokens", "quicksilver-balanced"})
    public String engine;

    /** Texts per {@code classify} call, which is also the engine's maximum encoder batch. */
    @Param({"1", "8", "32"})
    public int batch;

    /** Encoder name: {@code e5-small-v2} or {@code all-minilm-l6-v2}. */
    @Param({EngineConfig.DEFAULT_ENCODER})
    public String encoder;

    /** ONNX Runtime intra-op threads of the shared pool. */
    @Param({"2"})
    public int threads;

    /**
     * QuickSilver keys that override the preset, as {@code KEY=VALUE} pairs separated by {@code ;}, for
     * example {@code quicksilver.fused-norm=true}. Empty runs the preset as it is.
     */
    @Param({""})
    public String settings;

    private SentimentClassifier classifier;
    private TextBatches batches;

    @Setup(Level.Trial)
    public void setUp() {
        batches = TextBatches.ofSample(batch);

        // maxBatchSize = batch, so that the engine encodes the texts of each call as one batch.
        EngineConfig config = new EngineConfig(encoder, null, threads, EngineConfig.defaults().maxTokens(), batch);
        classifier = BenchmarkEngines.create(engine, config, BenchmarkEngines.parseSettings(settings));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (classifier != null) {
            classifier.close();
            classifier = null;
        }
    }

    /** Classifies the next batch. JMH consumes the returned predictions, so the JIT cannot remove the call. */
    @Benchmark
    public List<Prediction> classify(TextCounter counter) {
        List<String> texts = batches.next();
        counter.texts += texts.size();
        return classifier.classify(texts);
    }
}
