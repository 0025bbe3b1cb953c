package org.sentistream.engine.quicksilver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.engine.eval.Evaluator;
import org.sentistream.engine.eval.LabelledData;
import org.sentistream.engine.eval.LabelledText;
import org.sentistream.engine.eval.Metrics;

/**
 * Holds every QuickSilver preset to its accuracy bound against the whole fp32 model on a fixed
 * sample: the first {@value #TWEETS} rows of TweetEval test (macro recall, {@code tweet3} heads)
 * and all of SST-2 validation (accuracy, {@code sst2} heads), with the default encoder. Each
 * engine reads its own head, so a preset with a matched head is scored as users run it. The
 * tweets may not be redistributed, so the test skips when {@code ../shared/data} is absent.
 */
class PresetAccuracyBoundTest {

    private static final int TWEETS = 2000;
    private static final int THREADS = 2;

    private static List<LabelledText> tweets;
    private static List<LabelledText> sst2;
    private static Metrics denseTweets;
    private static Metrics denseSst2;

    @BeforeAll
    static void scoreDenseModel() throws IOException {
        String shared = System.getProperty("sentistream.shared.data");
        Path tweetFile = shared == null ? null : Path.of(shared, "tweeteval_sentiment", "test.jsonl");
        Path sst2File = shared == null ? null : Path.of(shared, "sst2", "validation.jsonl");
        Assumptions.assumeTrue(tweetFile != null && Files.isRegularFile(tweetFile) && Files.isRegularFile(sst2File),
                "shared labelled data tweeteval_sentiment/test.jsonl and sst2/validation.jsonl are missing "
                        + "(system property sentistream.shared.data)");
        tweets = LabelledData.read(tweetFile, TWEETS);
        sst2 = LabelledData.read(sst2File, 0);

        // The layer-wise engine must create the ONNX Runtime environment, so its shared pool exists.
        try (SentimentClassifier warmUp = QuickSilver.create(config("tweet3"), QuickSilverPreset.OFF)) {
            warmUp.info();
        }
        denseTweets = score(QuickSilver.wholeModel(config("tweet3"), false), tweets);
        denseSst2 = score(QuickSilver.wholeModel(config("sst2"), false), sst2);
    }

    @ParameterizedTest
    @EnumSource(value = QuickSilverPreset.class, names = {"OFF", "TOKENS", "BALANCED", "AGGRESSIVE"})
    void presetStaysWithinItsBound(QuickSilverPreset preset) {
        Metrics presetTweets = score(QuickSilver.create(config("tweet3"), preset), tweets);
        Metrics presetSst2 = score(QuickSilver.create(config("sst2"), preset), sst2);

        double tweetLoss = denseTweets.macroRecall() - presetTweets.macroRecall();
        double sst2Loss = denseSst2.accuracy() - presetSst2.accuracy();
        String report = String.format(Locale.ROOT,
                "%s: TweetEval macro recall %.4f against dense %.4f, SST-2 accuracy %.4f against dense %.4f, bound %.3f",
                preset.id(), presetTweets.macroRecall(), denseTweets.macroRecall(), presetSst2.accuracy(),
                denseSst2.accuracy(), preset.maxAccuracyLoss());
        assertTrue(tweetLoss <= preset.maxAccuracyLoss(), report);
        assertTrue(sst2Loss <= preset.maxAccuracyLoss(), report);
    }

    private static EngineConfig config(String head) {
        return new EngineConfig(EngineConfig.DEFAULT_ENCODER, head, THREADS, 512, 32);
    }

    private static Metrics score(SentimentClassifier classifier, List<LabelledText> rows) {
        try (classifier) {
            return new Evaluator(classifier, 1024).evaluate(rows, done -> { }).metrics();
        }
    }
}
