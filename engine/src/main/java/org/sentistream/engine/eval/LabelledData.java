package org.sentistream.engine.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.sentistream.engine.Sentiment;

/** Reads labelled JSON Lines files with one {@code {"text": ..., "label": ...}} object per line. */
public final class LabelledData {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LabelledData() {
    }

    /**
     * Reads the first {@code limit} rows of {@code path}; blank lines are skipped.
     *
     * @param limit maximum rows to read, or 0 for all
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the line if a row has no text or an invalid label, or naming
     *     the file if it is not UTF-8 text
     */
    public static List<LabelledText> read(Path path, int limit) throws IOException {
        List<LabelledText> rows = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null && (limit <= 0 || rows.size() < limit)) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                rows.add(parse(line, path, lineNumber));
            }
        } catch (CharacterCodingException e) {
            // The reader decodes ahead in blocks, so the invalid bytes are somewhere after the last line read.
            throw new IllegalArgumentException("Invalid data file " + path + ": it is not UTF-8 text (invalid bytes after "
                    + "line " + lineNumber + "); convert it to UTF-8", e);
        }
        return rows;
    }

    private static LabelledText parse(String line, Path path, int lineNumber) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid row at " + path + ":" + lineNumber + ": not a JSON object ("
                    + e.getOriginalMessage() + ")", e);
        }
        JsonNode text = node.get("text");
        JsonNode label = node.get("label");
        if (text == null || !text.isTextual() || label == null || !label.isTextual()) {
            throw new IllegalArgumentException("Invalid row at " + path + ":" + lineNumber
                    + ": expected string fields \"text\" and \"label\"");
        }
        try {
            return new LabelledText(text.asText(), Sentiment.fromDataLabel(label.asText()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid row at " + path + ":" + lineNumber + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the label set a data set is scored on: negative and positive when no row is neutral,
     * otherwise all three.
     */
    public static List<Sentiment> scoredLabels(List<LabelledText> rows) {
        Set<Sentiment> present = EnumSet.noneOf(Sentiment.class);
        for (LabelledText row : rows) {
            present.add(row.label());
        }
        if (present.contains(Sentiment.NEUTRAL)) {
            return List.of(Sentiment.values());
        }
        return List.of(Sentiment.NEGATIVE, Sentiment.POSITIVE);
    }
}
