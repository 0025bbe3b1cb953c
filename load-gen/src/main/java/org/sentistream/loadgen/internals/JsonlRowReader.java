package org.sentistream.loadgen.internals;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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
 * <p>A line that is not valid UTF-8, is not a JSON object, has no non-blank {@code text}, or has an
 * optional field of the wrong type is skipped and reported with its source and line number. Blank
 * lines are ignored. Unknown fields are ignored. Lines end at {@code \n}, {@code \r\n} or
 * {@code \r}, as in {@link java.io.BufferedReader#readLine()}.
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
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
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
        try (stream) {
            return read(stream, "classpath:" + resource);
        }
    }

    /**
     * Reads UTF-8 JSONL from a stream, which the caller closes. {@code source} names the input in the
     * skip reports. Each line is decoded on its own, so an invalid byte skips only its line.
     */
    public static JsonlRows read(InputStream in, String source) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        List<SkippedLine> skipped = new ArrayList<>();
        BufferedInputStream buffered = new BufferedInputStream(in);
        ByteArrayOutputStream lineBytes = new ByteArrayOutputStream();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);

        int lineNumber = 0;
        while (readLine(buffered, lineBytes)) {
            lineNumber++;
            try {
                String line = decode(decoder, lineBytes);
                if (line.isBlank()) {
                    continue;
                }
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

    /**
     * Reads the bytes of the next line into {@code line}, without its terminator. Returns false at
     * the end of the input when no line is left. UTF-8 never uses the bytes of {@code \n} and
     * {@code \r} inside a multi-byte character, so splitting bytes there is safe before decoding.
     */
    private static boolean readLine(BufferedInputStream in, ByteArrayOutputStream line) throws IOException {
        line.reset();
        int next = in.read();
        if (next == -1) {
            return false;
        }

        while (next != -1 && next != '\n' && next != '\r') {
            line.write(next);
            next = in.read();
        }

        if (next == '\r') {
            in.mark(1);
            if (in.read() != '\n') {
                in.reset();
            }
        }
        return true;
    }

    /** Decodes one line strictly, so a malformed or truncated sequence rejects the line instead of becoming U+FFFD. */
    private static String decode(CharsetDecoder decoder, ByteArrayOutputStream line) throws InvalidRowException {
        ByteBuffer bytes = ByteBuffer.wrap(line.toByteArray());
        // UTF-8 never decodes to more chars than it has bytes, so the output cannot overflow.
        CharBuffer chars = CharBuffer.allocate(bytes.remaining());

        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            throw new InvalidRowException("not valid UTF-8 (invalid byte sequence at byte " + (bytes.position() + 1)
                    + " of the line)");
        }
        return chars.flip().toString();
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
