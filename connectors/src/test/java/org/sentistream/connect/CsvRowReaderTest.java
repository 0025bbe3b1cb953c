package org.sentistream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;

import org.junit.jupiter.api.Test;
import org.sentistream.connect.feedback.internals.CsvRowReader;
import org.sentistream.connect.feedback.internals.Row;

class CsvRowReaderTest {

    @Test
    void quotedFieldsAndNewlines() throws Exception {
        String csv = "id,text\r\n1,\"a, \"\"quoted\"\"\r\nline\"\r\n2,plain\r\n";
        try (CsvRowReader reader = new CsvRowReader(new StringReader(csv), ',')) {
            Row first = reader.next();
            Row second = reader.next();

            assertEquals("a, \"quoted\"\r\nline", first.fields().get("text"));
            assertEquals(1, first.number());
            assertEquals("plain", second.fields().get("text"));
            assertEquals(2, second.number());
            assertNull(reader.next());
        }
    }

    @Test
    void wrongFieldCountIsBadRow() throws Exception {
        try (CsvRowReader reader = new CsvRowReader(new StringReader("id,text\n1,a,extra\n"), ',')) {
            Row row = reader.next();
            assertNull(row.fields());
            assertNotNull(row.error());
        }
    }

    @Test
    void unclosedQuoteEndsFile() throws Exception {
        try (CsvRowReader reader = new CsvRowReader(new StringReader("id,text\n1,ok\n2,\"never closed\n3,x\n"), ',')) {
            assertEquals("ok", reader.next().fields().get("text"));
            Row bad = reader.next();
            assertNull(bad.fields());
            assertEquals(2, bad.number());
            assertNull(reader.next());
        }
    }

    @Test
    void semicolonDelimiter() throws Exception {
        try (CsvRowReader reader = new CsvRowReader(new StringReader("id;text\n1;a,b\n"), ';')) {
            assertEquals("a,b", reader.next().fields().get("text"));
        }
    }
}
