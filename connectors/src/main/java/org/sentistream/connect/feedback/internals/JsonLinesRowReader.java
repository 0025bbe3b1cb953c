package org.sentistream.connect.feedback.internals;

import java.io.BufferedReader;
import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads JSON lines: one JSON object per line. Blank lines are skipped but counted, so the row
 * number is the line number. A mapped field may be a dotted path into nested objects,
 * and numbers and booleans are read as their JSON text.
 */
public final class JsonLinesRowReader implements RowReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader reader;
    private final int maxChars;
    private long lineNumber;

    /**
     * Reads JSON lines from {@code reader}.
     *
     * @param maxChars the longest line kept whole: of a longer line only the first {@code maxChars + 1}
     *     characters are kept, so one huge line cannot exhaust the heap, and the row is returned unparsed
     */
    public JsonLinesRowReader(BufferedReader reader, int maxChars) {
        this.reader = reader;
        this.maxChars = maxChars;
    }

    @Override
    public Row next() throws IOException {
        String line;
        do {
            line = readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
        } while (line.isBlank());

        if (line.length() > maxChars) {
            return new Row(lineNumber, null, line, "Line has more than " + maxChars + " characters");
        }

        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return new Row(lineNumber, null, line, "Invalid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            return new Row(lineNumber, null, line, "Line is a JSON " + node.getNodeType() + ", expected an object");
        }
        return new Row(lineNumber, column -> field(node, column), line, null);
    }

    /**
     * Reads a line as {@link BufferedReader#readLine} does, ending at LF, CR or CRLF, but keeps at most
     * {@code maxChars + 1} characters of it. Returns null at the end of the stream.
     */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c = reader.read();
        if (c < 0) {
            return null;
        }
        while (c >= 0 && c != '\n' && c != '\r') {
            if (line.length() <= maxChars) {
                line.append((char) c);
            }
            c = reader.read();
        }
        if (c == '\r') {
            reader.mark(1);
            if (reader.read() != '\n') {
                reader.reset();
            }
        }
        return line.toString();
    }

    private static String field(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            current = current.get(part);
            if (current == null || current.isNull()) {
                return null;
            }
        }
        return current.isValueNode() ? current.asText() : current.toString();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
