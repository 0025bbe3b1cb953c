package org.sentistream.engine.internals;

/**
 * Token ids of one text, special tokens included, not padded.
 *
 * @param inputIds token ids, starting with [CLS] and ending with [SEP]
 * @param truncated true when tokens (or characters, for very long texts) were cut to fit the window
 */
public record TokenizedText(long[] inputIds, boolean truncated) {

    public int length() {
        return inputIds.length;
    }
}
