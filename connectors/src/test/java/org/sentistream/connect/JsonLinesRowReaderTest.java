package org.sentistream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.sentistream.connect.feedback.internals.JsonLinesRowReader;
import org.sentistream.connect.feedback.internals.Row;

/** Line reading of JSON lines: line endings, blank lines and the bound on a line's length. */
class JsonLinesRowReaderTest {

    @Test
    void longLineKeptOnlyUpToLimit() throws Exception {
        String jsonl = "{\"text\": \"" + "x".repeat(5_000) + "\"}\r\n\n{\"text\": \"short\"}\r{\"text\": \"last\"}";
        try (JsonLinesRowReader reader = new JsonLinesRowReader(new BufferedReader(new StringReader(jsonl)), 100)) {
            Row huge = reader.next();
            Row shortRow = reader.next();
            Row last = reader.next();

            assertEquals(1, huge.number());
            assertEquals(101, huge.raw().length());
            assertNull(huge.fields());
            assertEquals(3, shortRow.number());
            assertEquals("short", shortRow.fields().get("text"));
            assertEquals(4, last.number());
            assertEquals("last", last.fields().get("text"));
            assertNull(reader.next());
        }
    }
}
