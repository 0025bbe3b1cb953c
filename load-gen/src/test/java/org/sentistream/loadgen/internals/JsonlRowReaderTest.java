package org.sentistream.loadgen.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlRowReaderTest {

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("rows.jsonl");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void allFieldsMapped() throws IOException {
        Path file = write("{\"id\": \"r1\", \"text\": \"Great phone\", \"label\": \"positive\", \"platform\": \"reddit\","
                + " \"channel\": \"survey\", \"product\": \"X1\", \"rating\": 5, \"language\": \"en\","
                + " \"hashtags\": [\"#tech\", \"phones\"], \"created_at\": \"2024-05-01T12:00:00Z\"}");

        SourceRow row = JsonlRowReader.read(file).rows().get(0);

        assertEquals("r1", row.id());
        assertEquals("Great phone", row.text());
        assertEquals("positive", row.label());
        assertEquals("reddit", row.platform());
        assertEquals("survey", row.channel());
        assertEquals("X1", row.product());
        assertEquals(5, row.rating());
        assertEquals("en", row.language());
        assertEquals(List.of("tech", "phones"), row.hashtags());
        assertEquals(1_714_564_800_000L, row.createdAt());
    }

    @Test
    void optionalFieldsMissing() throws IOException {
        SourceRow row = JsonlRowReader.read(write("{\"text\": \"just text\"}")).rows().get(0);

        assertEquals("just text", row.text());
        assertNull(row.id());
        assertNull(row.label());
        assertNull(row.platform());
        assertNull(row.channel());
        assertNull(row.product());
        assertNull(row.rating());
        assertNull(row.language());
        assertEquals(List.of(), row.hashtags());
        assertNull(row.createdAt());
    }

    @Test
    void alternativeValueForms() throws IOException {
        SourceRow row = JsonlRowReader.read(write(
                "{\"text\": \"t\", \"rating\": \"4\", \"created_at\": 1700000000000, \"language\": null}")).rows().get(0);

        assertEquals(4, row.rating());
        assertEquals(1_700_000_000_000L, row.createdAt());
        assertNull(row.language());
    }

    @Test
    void malformedLinesSkippedWithLineNumbers() throws IOException {
        Path file = write(
                "{\"text\": \"first\", \"label\": \"positive\"}",
                "{\"text\": \"broken\", ",
                "",
                "[\"not\", \"an\", \"object\"]",
                "{\"label\": \"negative\"}",
                "{\"text\": \"bad rating\", \"rating\": 4.5}",
                "{\"text\": \"trailing\"} garbage",
                "{\"text\": \"last\", \"label\": \"negative\"}");

        JsonlRows loaded = JsonlRowReader.read(file);

        assertEquals(List.of("first", "last"), loaded.rows().stream().map(SourceRow::text).toList());
        assertEquals(List.of(2, 4, 5, 6, 7), loaded.skipped().stream().map(SkippedLine::lineNumber).toList());
        assertEquals(file.toString(), loaded.skipped().get(0).source());
        assertTrue(loaded.skipped().get(0).toString().startsWith(file + ":2: not valid JSON"),
                loaded.skipped().get(0).toString());
        assertTrue(loaded.skipped().get(1).reason().contains("expected a JSON object"), loaded.skipped().get(1).reason());
        assertTrue(loaded.skipped().get(2).reason().contains("\"text\""), loaded.skipped().get(2).reason());
        assertTrue(loaded.skipped().get(3).reason().contains("\"rating\" must be an integer"),
                loaded.skipped().get(3).reason());
    }

    @Test
    void invalidUtf8LinesSkipped() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("{\"text\": \"first\"}\n".getBytes(StandardCharsets.UTF_8));
        // A lone 0xFF byte, which never occurs in UTF-8.
        bytes.writeBytes(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', ' ', '"', (byte) 0xFF, '"', '}', '\n'});
        // A two-byte sequence cut off by the end of the line.
        bytes.writeBytes(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', ' ', '"', (byte) 0xC3, '\n'});
        // An overlong encoding of '/', which strict decoders reject.
        bytes.writeBytes(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', ' ', '"', (byte) 0xC0, (byte) 0xAF, '"', '}',
            '\n'});
        bytes.writeBytes("{\"text\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("nonutf.jsonl");
        Files.write(file, bytes.toByteArray());

        JsonlRows loaded = JsonlRowReader.read(file);

        assertEquals(List.of("first", "caf\u00e9"), loaded.rows().stream().map(SourceRow::text).toList());
        assertEquals(List.of(2, 3, 4), loaded.skipped().stream().map(SkippedLine::lineNumber).toList());
        assertEquals(file + ":2: not valid UTF-8 (invalid byte sequence at byte 11 of the line)",
                loaded.skipped().get(0).toString());
        assertTrue(loaded.skipped().get(1).reason().startsWith("not valid UTF-8"), loaded.skipped().get(1).reason());
        assertTrue(loaded.skipped().get(2).reason().startsWith("not valid UTF-8"), loaded.skipped().get(2).reason());
    }

    @Test
    void lineEndingsCountedLikeReadLine() throws IOException {
        Path file = dir.resolve("endings.jsonl");
        Files.writeString(file, "{\"text\": \"crlf\"}\r\n{\"text\": \"cr\"}\r{\"text\": [1]}\n\n{\"text\": \"last\"}",
                StandardCharsets.UTF_8);

        JsonlRows loaded = JsonlRowReader.read(file);

        assertEquals(List.of("crlf", "cr", "last"), loaded.rows().stream().map(SourceRow::text).toList());
        assertEquals(List.of(3), loaded.skipped().stream().map(SkippedLine::lineNumber).toList());
    }

    @Test
    void invalidCreatedAtSkipped() throws IOException {
        JsonlRows loaded = JsonlRowReader.read(write("{\"text\": \"t\", \"created_at\": \"yesterday\"}"));

        assertEquals(0, loaded.rows().size());
        assertTrue(loaded.skipped().get(0).reason().contains("created_at"), loaded.skipped().get(0).reason());
    }

    @Test
    void missingFileRejected() {
        Path missing = dir.resolve("missing.jsonl");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> JsonlRowReader.read(missing));

        assertEquals(missing.toString(), e.getFile());
    }

    @Test
    void bundledSampleLoads() throws IOException {
        JsonlRows posts = JsonlRowReader.readResource(RowSources.SAMPLE_POSTS);
        JsonlRows feedback = JsonlRowReader.readResource(RowSources.SAMPLE_FEEDBACK);

        assertEquals(903, posts.rows().size());
        assertEquals(0, posts.skipped().size());
        assertEquals(1_792, feedback.rows().size());
        assertEquals(0, feedback.skipped().size());
        assertTrue(posts.rows().stream().allMatch(r -> "FORUM".equals(r.platform())));
        assertTrue(posts.rows().stream().allMatch(r -> r.label().equals("positive") || r.label().equals("negative")));
        assertTrue(feedback.rows().stream().allMatch(r -> "PRODUCT_REVIEW".equals(r.channel())));
        assertTrue(feedback.rows().stream().allMatch(r -> r.product() != null));
        assertTrue(feedback.rows().stream().allMatch(r -> r.label().equals("positive") || r.label().equals("negative")));
    }
}
