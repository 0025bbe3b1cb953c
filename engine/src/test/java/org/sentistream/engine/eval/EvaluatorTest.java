package org.sentistream.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sentistream.engine.Classifiers;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.Sentiment;
import org.sentistream.engine.SentimentClassifier;

/** Evaluates the real all-MiniLM-L6-v2 model with its bundled binary and three-class heads. */
class EvaluatorTest {

    private static final List<LabelledText> ROWS = List.of(
            new LabelledText("What a wonderful day, I love it.", Sentiment.POSITIVE),
            new LabelledText("The meeting is at noon on Tuesday.", Sentiment.NEUTRAL),
            new LabelledText("This is the worst service I have ever had.", Sentiment.NEGATIVE));

    @Test
    void binaryHeadCannotPredictNeutral() {
        assertEquals(List.of(Sentiment.NEUTRAL), unpredictable("sst2"));
    }

    @Test
    void threeClassHeadPredictsEveryLabel() {
        assertEquals(List.of(), unpredictable("tweet3"));
    }

    private static List<Sentiment> unpredictable(String head) {
        EngineConfig config = new EngineConfig("all-minilm-l6-v2", head, 1, 128, 8);
        try (SentimentClassifier classifier = Classifiers.create(config)) {
            return new Evaluator(classifier, 8).evaluate(ROWS, done -> { }).unpredictableLabels();
        }
    }
}
