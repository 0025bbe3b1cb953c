package org.sentistream.loadgen.internals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads JSONL rows such as {@code {"text": "...", "label": "positive", "platform": "REDDIT"}}.
 *
 * <p>A line that is not a JSON object, has no non-blank {@code text}, or has an optional field of
 * the wrong type is skipped and reported with its source and line number. Blank lines are
 * ignored. Unknown fields are ignored.
 */
public final class JsonlRowReader {

    private static final Logger LOG = LoggerFactory.getLogger(JsonlRowReader.class);

    /** Skipped lines logged one by one per source; the rest are only counted. */
    private static final int MAX_LOGGED_SKIPS = 10;

    // Without FAIL_ON_TRAILING_TOKENS, "{...} garbage" would parse as the object alone.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonlRowReader() {
    }

    /**
     * Reads a UTF-8 JSONL file.
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException         when the file cannot be read
     */
    public static JsonlRows read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "input JSONL file not found");
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        }
    }

    /**
     * Reads a UTF-8 JSONL resource from the class path.
     *
     * @param resource absolute resource name, for example {@code org/sentistream/loadgen/sample/posts.jsonl}
     * @throws NoSuchFileException when the resource is not on the class path
     */
    public static JsonlRows readResource(String resource) throws IOException {
        InputStream stream = JsonlRowReader.class.getClassLoader().getResourceAsStream(resource);
        if (stream == null) {
            throw new NoSuchFileException(resource, null, "resource not on the class path");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return read(reader, "classpath:" + resource);
        }
    }

    /** Reads JSONL from a reader; {@code source} names it in the skip reports. */
    public static JsonlRows read(BufferedReader reader, String source) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        List<SkippedLine> skipped = new ArrayList<>();

        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                rows.add(parseLine(line));
            } catch (InvalidRowException e) {
                SkippedLine skip = new SkippedLine(source, lineNumber, e.getMessage());
                skipped.add(skip);
                if (skipped.size() <= MAX_LOGGED_SKIPS) {
                    LOG.warn("Skipping invalid JSONL line {}", skip);
                }
            }
        }

        if (skipped.size() > MAX_LOGGED_SKIPS) {
            LOG.warn("Skipped {} invalid lines in {} ({} were logged above)", skipped.size(), source,
                    MAX_LOGGED_SKIPS);
        }
        LOG.debug("Read {} rows from {}", rows.size(), source);
        return new JsonlRows(source, rows, skipped);
    }

    /** Parses one non-blank line. */
    static SourceRow parseLine(String line) throws InvalidRowException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidRowException("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRowException("expected a JSON object, found " + describe(node));
        }

        String text = optionalString(node, "text");
        if (text == null || text.isBlank()) {
            throw new InvalidRowException("missing or blank \"text\"");
        }

        return new SourceRow(
                optionalString(node, "id"),
                text,
                optionalString(node, "label"),
                optionalString(node, "platform"),
                optionalString(node, "channel"),
                optionalString(node, "product"),
                optionalInt(node, "rating"),
                optionalString(node, "language"),
                hashtags(node),
                createdAt(node));
    }

    private static String optionalString(JsonNode row, String field) throws InvalidRowException {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRowException("\"" + field + "\" must be a string, found " + describe(value));
        }
        return value.textValue();
    }

    private static Integer optionalInt(JsonNode row, String field) throws InvalidRowException {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual()) {
            try {
                return Integer.valueOf(value.textValue().trim());
            } catch (NumberFormatException e) {
                // Falls through to the error below, which names the value.
            }
        }
        throw new InvalidRowException("\"" + field + "\" must be an integer, found " + value);
    }

    private static List<String> hashtags(JsonNode row) throws InvalidRowException {
        JsonNode value = row.get("hashtags");
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidRowException("\"hashtags\" must be an array of strings, found " + describe(value));
        }

        List<String> tags = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new InvalidRowException("\"hashtags\" must contain only strings, found " + describe(element));
            }
            String tag = element.textValue().strip();
            if (tag.startsWith("#")) {
                tag = tag.substring(1);
            }
            if (!tag.isEmpty()) {
                tags.add(tag);
            }
        }
        return tags;
    }

    /** Accepts epoch milliseconds or an ISO-8601 instant or offset date-time. */
    private static Long createdAt(JsonNode row) throws InvalidRowException {
        JsonNode value = row.get("created_at");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return OffsetDateTime.parse(text).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    // Falls through to the error below, which names the value.
                }
            }
        }
        throw new InvalidRowException("\"created_at\" must be epoch milliseconds or an ISO-8601 date-time"
                + " such as 2024-05-01T12:00:00Z, found " + value);
    }

    private static String describe(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** Reason a line is skipped; its message goes into {@link SkippedLine#reason()}. */
    static final class InvalidRowException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidRowException(String message) {
            super(message);
        }
    }
}
