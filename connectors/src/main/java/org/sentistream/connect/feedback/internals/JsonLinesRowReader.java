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
    private long lineNumber;

    public JsonLinesRowReader(BufferedReader reader) {
        this.reader = reader;
    }

    @Override
    public Row next() throws IOException {
        String line;
        do {
            // TODO: readLine keeps a whole line in memory, so a line of gigabytes exhausts the heap before
            // row.max.chars rejects it.
            line = reader.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
        } while (line.isBlank());

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
