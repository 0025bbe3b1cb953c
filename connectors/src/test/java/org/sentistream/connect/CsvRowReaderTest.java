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
        try (CsvRowReader reader = new CsvRowReader(new StringReader(csv), ',', 1000)) {
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
        try (CsvRowReader reader = new CsvRowReader(new StringReader("id,text\n1,a,extra\n"), ',', 1000)) {
            Row row = reader.next();
            assertNull(row.fields());
            assertNotNull(row.error());
        }
    }

    @Test
    void unclosedQuoteEndsFile() throws Exception {
        try (CsvRowReader reader = new CsvRowReader(new StringReader("id,text\n1,ok\n2,\"never closed\n3,x\n"), ',', 1000)) {
            assertEquals("ok", reader.next().fields().get("text"));
            Row bad = reader.next();
            assertNull(bad.fields());
            assertEquals(2, bad.number());
            assertEquals("2,\"never closed\n3,x", bad.raw());
            assertNull(reader.next());
        }
    }

    @Test
    void unclosedQuoteKeepsTextAfterQuotedLineBreak() throws Exception {
        String csv = "id,text\nK-1,\"fine, one\"\n\nK-2,\"multi\nline\"\nK-3,\"never closes\nK-4,four\nK-5,five\n";
        try (CsvRowReader reader = new CsvRowReader(new StringReader(csv), ',', 1000)) {
            assertEquals("fine, one", reader.next().fields().get("text"));
            assertEquals("multi\nline", reader.next().fields().get("text"));
            Row bad = reader.next();

            assertNull(bad.fields());
            assertEquals(3, bad.number());
            assertEquals("K-3,\"never closes\nK-4,four\nK-5,five", bad.raw());
            assertNull(reader.next());
        }
    }

    @Test
    void rowTextKeepsQuotesAndLineBreaks() throws Exception {
        String csv = "id,text\r\n1,\"say \"\"hi\"\", then\r\nleave\"\r\n\r\n2,\"plain\"\r\n";
        try (CsvRowReader reader = new CsvRowReader(new StringReader(csv), ',', 1000)) {
            Row first = reader.next();
            Row second = reader.next();

            assertEquals("1,\"say \"\"hi\"\", then\r\nleave\"", first.raw());
            assertEquals("say \"hi\", then\r\nleave", first.fields().get("text"));
            assertEquals("2,\"plain\"", second.raw());
        }
    }

    @Test
    void unclosedQuoteInFirstRowKeepsText() throws Exception {
        try (CsvRowReader reader = new CsvRowReader(new StringReader("id,text\r\n1,\"open\r\n2,b\r\n"), ',', 8)) {
            Row bad = reader.next();

            assertEquals(1, bad.number());
            assertEquals("1,\"open", bad.raw());
        }
    }

    @Test
    void semicolonDelimiter() throws Exception {
        try (CsvRowReader reader = new CsvRowReader(new StringReader("id;text\n1;a,b\n"), ';', 1000)) {
            assertEquals("a,b", reader.next().fields().get("text"));
        }
    }
}
