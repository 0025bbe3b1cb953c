package org.sentistream.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the real all-MiniLM-L6-v2 encoder with its bundled tweet head. */
class ClassifierTest {

    private static final String ENCODER = "all-minilm-l6-v2";
    private static SentimentClassifier classifier;

    @BeforeAll
    static void load() {
        // Batches of 4 texts per ORT call, so a list of 6 texts is split into two calls.
        classifier = Classifiers.create(new EngineConfig(ENCODER, null, 2, 512, 4));
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    private static Prediction classifyOne(String text) {
        return classifier.classify(List.of(text)).get(0);
    }

    @Test
    void positiveTextIsPositive() {
        Prediction prediction = classifyOne("I absolutely love this phone, best purchase I have ever made!");

        assertEquals(Sentiment.POSITIVE, prediction.label());
    }

    @Test
    void negativeTextIsNegative() {
        Prediction prediction = classifyOne("This is terrible. I hate it, it broke after one day and support ignored me.");

        assertEquals(Sentiment.NEGATIVE, prediction.label());
    }

    @Test
    void batchEqualsSingle() {
        List<String> texts = List.of(
                "ok",
                "The delivery was late but the food was great, thanks!",
                "worst. service. ever.",
                "Meeting moved to 3pm tomorrow, see the calendar invite for the room number and dial-in details.",
                "meh",
                "I can't believe how good the new album is, been on repeat all day @user http");

        List<Prediction> batch = classifier.classify(texts);

        assertEquals(texts.size(), batch.size());
        for (int i = 0; i < texts.size(); i++) {
            Prediction single = classifyOne(texts.get(i));
            assertEquals(single.tokenCount(), batch.get(i).tokenCount(), "token count of text " + i);
            assertEquals(single.label(), batch.get(i).label(), "label of text " + i);
            assertArrayEquals(single.probabilities(), batch.get(i).probabilities(), 1e-4f, "probabilities of text " + i);
        }
    }

    @Test
    void longTextIsTruncated() {
        String text = "the service was slow and the staff were rude . ".repeat(100);

        Prediction prediction = classifyOne(text);

        assertTrue(prediction.truncated());
        assertEquals(512, prediction.tokenCount());
    }

    @Test
    void shortTextIsNotTruncated() {
        Prediction prediction = classifyOne("fine");

        assertFalse(prediction.truncated());
        assertEquals(3, prediction.tokenCount());
    }

    @Test
    void unusualUnicodeGivesValidPredictions() {
        List<String> texts = List.of(
                "lone high surrogate \uD83D here",
                "lone low surrogate \uDE00 here",
                "ends with a high surrogate \uD83D",
                "family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 zero width joiner",
                "\u200F\u202Eright to left \u0645\u0631\u062D\u0628\u0627 \u202C",
                "stacked combining marks e\u0301\u0302\u0303\u0304\u0305 a\u0308",
                "\uD83D\uDE00\uD83D\uDE21\uD83D\uDC4D\uD83C\uDFFD",
                "control \u0000 \u0007 \u001B[31m \u0085 \u009F chars",
                "html &amp; &lt;3 &#39;quoted&#39; &nbsp; &gt;:(",
                "",
                "   \t\n  ",
                "\uFEFF\uFFFD\uFFFF");

        List<Prediction> predictions = classifier.classify(texts);

        assertEquals(texts.size(), predictions.size());
        for (int i = 0; i < texts.size(); i++) {
            Prediction prediction = predictions.get(i);
            assertNotNull(prediction.label(), "label of text " + i);
            float sum = 0;
            for (float p : prediction.probabilities()) {
                assertTrue(p >= 0, "probability of text " + i + " below 0: " + p);
                assertTrue(p <= 1, "probability of text " + i + " above 1: " + p);
                sum += p;
            }
            assertEquals(1f, sum, 1e-4f, "probability sum of text " + i);
        }
    }

    @Test
    void decomposedEqualsComposed() {
        String composed = "Caf\u00E9 cr\u00E8me br\u00FBl\u00E9e was na\u00EFve but fine";
        String decomposed = "Cafe\u0301 cre\u0300me bru\u0302le\u0301e was nai\u0308ve but fine";

        List<Prediction> predictions = classifier.classify(List.of(composed, decomposed));

        assertEquals(predictions.get(0).tokenCount(), predictions.get(1).tokenCount());
        assertArrayEquals(predictions.get(0).probabilities(), predictions.get(1).probabilities(), 0f);
    }

    @Test
    void concurrentCallsMatchSerialOnes() throws Exception {
        List<String> texts = List.of("great stuff", "awful experience, never again", "the bus comes at 9");
        List<Prediction> expected = classifier.classify(texts);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Prediction>>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> classifier.classify(texts)));
            }
            for (Future<List<Prediction>> future : futures) {
                List<Prediction> actual = future.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertArrayEquals(expected.get(i).probabilities(), actual.get(i).probabilities(), 1e-4f);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void emptyBatchGivesNoPredictions() {
        assertTrue(classifier.classify(List.of()).isEmpty());
    }

    @Test
    void statsAreDense() {
        Prediction prediction = classifyOne("a few tokens here");

        assertEquals(6, prediction.stats().layers());
        assertEquals(6L * prediction.tokenCount(), prediction.stats().tokenLayerUpdates());
        assertTrue(prediction.stats().flops() > 0);
        assertEquals(prediction.stats().denseFlops(), prediction.stats().flops());
    }

    @Test
    void infoNamesEncoderAndHead() {
        ModelInfo info = classifier.info();

        assertEquals("all-minilm-l6-v2/tweet3", info.modelId());
        assertEquals("dense-fp32", info.engine());
        assertTrue(info.modelVersion().startsWith("1.19.0-beta29+tweet3-"), info.modelVersion());
        assertEquals(384, info.hiddenSize());
    }

    @Test
    void unknownEncoderNamesValidOnes() {
        EngineConfig config = new EngineConfig("bert-huge", null, 1, 512, 8);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Classifiers.create(config));

        assertTrue(e.getMessage().contains("e5-small-v2"), e.getMessage());
        assertTrue(e.getMessage().contains("all-minilm-l6-v2"), e.getMessage());
    }

    @Test
    void unknownHeadIsRejected() {
        EngineConfig config = new EngineConfig(ENCODER, "no-such-head", 1, 512, 8);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Classifiers.create(config));

        assertTrue(e.getMessage().contains("no-such-head"), e.getMessage());
    }

    @Test
    void binaryHeadGivesZeroNeutral() {
        try (SentimentClassifier binary = Classifiers.create(new EngineConfig(ENCODER, "sst2", 1, 512, 8))) {
            Prediction prediction = binary.classify(List.of("a gorgeous , witty , seductive movie .")).get(0);

            assertEquals(0f, prediction.probability(Sentiment.NEUTRAL));
            assertEquals(Sentiment.POSITIVE, prediction.label());
            assertEquals("all-minilm-l6-v2/sst2", binary.info().modelId());
        }
    }
}
