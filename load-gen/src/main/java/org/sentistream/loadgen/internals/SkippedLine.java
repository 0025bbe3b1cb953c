package org.sentistream.loadgen.internals;

/**
 * A JSONL line that was not loaded.
 *
 * @param source     file path or resource name
 * @param lineNumber 1-based line number
 * @param reason     what is wrong with the line
 */
public record SkippedLine(String source, int lineNumber, String reason) {

    @Override
    public String toString() {
        return source + ":" + lineNumber + ": " + reason;
    }
}
