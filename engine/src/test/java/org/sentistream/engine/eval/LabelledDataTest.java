package org.sentistream.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledDataTest {

    @TempDir
    Path directory;

    @Test
    void malformedLineNamesFileAndLine() throws Exception {
        Path data = directory.resolve("broken.jsonl");
        Files.write(data, List.of("{\"text\": \"fine\", \"label\": \"positive\"}", "{\"text\": \"cut off"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelledData.read(data, 0));

        assertTrue(e.getMessage().contains(data + ":2"), e.getMessage());
        assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
    }

    @Test
    void nonUtf8FileNamed() throws Exception {
        Path data = directory.resolve("utf16.jsonl");
        // A UTF-16 byte order mark: 0xFF 0xFE is invalid in UTF-8.
        Files.write(data, new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}', '\n'});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelledData.read(data, 0));

        assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void blankLinesAreSkipped() throws Exception {
        Path data = directory.resolve("blank.jsonl");
        Files.write(data, List.of("", "{\"text\": \"fine\", \"label\": \"negative\"}", "  "));

        assertEquals(1, LabelledData.read(data, 0).size());
    }
}
