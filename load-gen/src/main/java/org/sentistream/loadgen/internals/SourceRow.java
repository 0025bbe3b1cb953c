package org.sentistream.loadgen.internals;

import java.util.List;

/**
 * One row of an input JSONL file. Only {@code text} is required. Every other field is null
 * (or an empty list) when the row does not have it.
 *
 * @param id        source id, used as the prefix of the event id
 * @param text      text of the post or feedback
 * @param label     gold sentiment label, passed through for accuracy checks and never sent to Kafka
 * @param platform  platform name of a post, matched to the {@code Platform} enum symbols
 * @param channel   channel name of a feedback event, matched to the {@code FeedbackChannel} enum symbols
 * @param product   product or brand of a feedback event
 * @param rating    rating of a feedback event, on the source's own scale
 * @param language  BCP 47 language tag of a post
 * @param hashtags  hashtags without the leading '#'
 * @param createdAt creation time in epoch milliseconds
 */
public record SourceRow(
        String id,
        String text,
        String label,
        String platform,
        String channel,
        String product,
        Integer rating,
        String language,
        List<String> hashtags,
        Long createdAt) {

    public SourceRow {
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
    }

    /** Creates a row with a text and a label and no optional fields. */
    public static SourceRow of(String text, String label) {
        return new SourceRow(null, text, label, null, null, null, null, null, List.of(), null);
    }
}
