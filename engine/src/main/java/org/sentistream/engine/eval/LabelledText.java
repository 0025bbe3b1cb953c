package org.sentistream.engine.eval;

import org.sentistream.engine.Sentiment;

/**
 * One row of a labelled data set.
 *
 * @param text the text
 * @param label its gold sentiment
 */
public record LabelledText(String text, Sentiment label) {
}
