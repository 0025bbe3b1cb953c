package org.sentistream.connect.feedback.internals;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A reader that records the characters read through it from a mark on, so a CSV row's dead letter,
 * even one for a row that fails to parse, carries the row's original text. The parser reads ahead in blocks, so the
 * recorded text runs past the row being parsed. Positions count characters from the start of the stream.
 */
final class RecordingReader extends FilterReader {

    private final StringBuilder recorded = new StringBuilder();
    private long recordedFrom;

    RecordingReader(Reader in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            recorded.append((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            recorded.append(buffer, offset, n);
        }
        return n;
    }

    /** Drops the recorded characters before {@code mark}, a position in characters from the start. */
    void discardBefore(long mark) {
        int drop = (int) Math.min(recorded.length(), Math.max(0, mark - recordedFrom));
        recorded.delete(0, drop);
        recordedFrom += drop;
    }

    /**
     * Returns the recorded text of {@code lines} lines from {@code mark} on, without reading further. Line breaks
     * right at {@code mark} are skipped first, because a row's position includes the blank lines before it.
     */
    String lines(long mark, int lines) {
        int start = (int) Math.min(recorded.length(), Math.max(0, mark - recordedFrom));
        while (start < recorded.length() && (recorded.charAt(start) == '\n' || recorded.charAt(start) == '\r')) {
            start++;
        }

        int end = start;
        for (int seen = 0; end < recorded.length() && seen < lines; end++) {
            char c = recorded.charAt(end);
            if (c == '\n' || (c == '\r' && (end + 1 == recorded.length() || recorded.charAt(end + 1) != '\n'))) {
                seen++;
            }
        }
        return recorded.substring(start, end);
    }

    /**
     * Reads the rest of the stream and returns the text from {@code mark} to its end, at most {@code maxChars}
     * characters of it.
     */
    String textFrom(long mark, int maxChars) throws IOException {
        char[] buffer = new char[8192];
        while (recorded.length() - (mark - recordedFrom) < maxChars && read(buffer, 0, buffer.length) > 0) {
            discardBefore(mark);
        }
        int start = (int) Math.max(0, mark - recordedFrom);
        return recorded.substring(Math.min(start, recorded.length()), Math.min(recorded.length(), start + maxChars));
    }
}
