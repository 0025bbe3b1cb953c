package org.sentistream.connect.feedback.internals;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV per RFC 4180 with Apache Commons CSV: a header row names the columns, and quoted
 * fields may hold delimiters, doubled quotes and line breaks. A row with a different number of
 * fields than the header is returned with an error. A syntax error, such as a quote never
 * closed, makes the rest of the file one bad row, because no later row boundary can be trusted.
 */
public final class CsvRowReader implements RowReader {

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final CSVFormat format;
    private final Map<String, Integer> header;
    private final RecordingReader recording;
    private final int maxRawChars;
    private long rowNumber;
    private long lastRecordStart;
    private boolean failed;

    /**
     * Reads the header row of {@code reader}.
     *
     * @param maxRawChars the maximum characters of text recorded for the dead letter of a row that fails to parse
     */
    public CsvRowReader(Reader reader, char delimiter, int maxRawChars) throws IOException {
        this.format = CSVFormat.RFC4180.builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .get();
        this.recording = new RecordingReader(reader);
        this.maxRawChars = maxRawChars;
        this.parser = CSVParser.builder().setReader(recording).setFormat(format).get();
        this.records = parser.iterator();
        this.header = parser.getHeaderMap();
    }

    @Override
    public Row next() throws IOException {
        if (failed) {
            return null;
        }

        CSVRecord record;
        try {
            if (!records.hasNext()) {
                return null;
            }
            record = records.next();
        } catch (UncheckedIOException e) {
            failed = true;
            rowNumber++;
            return new Row(rowNumber, null, restOfFile(), "CSV syntax error after row " + (rowNumber - 1)
                    + ", the rest of the file is skipped: " + e.getCause().getMessage());
        }

        rowNumber++;
        lastRecordStart = record.getCharacterPosition();
        recording.discardBefore(lastRecordStart);
        String raw = originalText(record);
        if (record.size() != header.size()) {
            return new Row(rowNumber, null, raw, "Row has " + record.size() + " fields but the header has " + header.size());
        }
        List<String> values = record.toList();
        return new Row(rowNumber, column -> {
            Integer index = header.get(column);
            return index == null ? null : values.get(index);
        }, raw, null);
    }

    /**
     * Returns the row as it is in the file, quotes and line breaks included, so its dead letter can be fixed and
     * read again. The parser keeps a quoted line break in the value, so the row spans one line more than its
     * values contain line breaks.
     */
    private String originalText(CSVRecord record) {
        int lines = 1;
        for (String value : record.values()) {
            lines += lineBreaks(value);
        }
        return recording.lines(lastRecordStart, lines).strip();
    }

    /** Counts the line breaks in {@code text}, a CRLF pair as one. */
    private static int lineBreaks(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                count++;
            }
        }
        return count;
    }

    /**
     * Returns the text from the start of the row that failed to the end of the file, cut to {@code maxRawChars}.
     * The recorded text starts with the last row that parsed (the header if none did), so that row is skipped.
     */
    private String restOfFile() throws IOException {
        String text = recording.textFrom(lastRecordStart, maxRawChars + 1_000_000);
        int end = endOfFirstRow(text);
        String rest = text.substring(Math.max(end, 0)).strip();
        return rest.length() > maxRawChars ? rest.substring(0, maxRawChars).strip() : rest;
    }

    /**
     * Returns the index in {@code text} just after the line break that ends its first row, or -1 if that row does
     * not parse. The row may follow blank lines and span quoted line breaks, so it is parsed again on its own
     * to count the line breaks up to its end.
     */
    private int endOfFirstRow(String text) {
        long lines;
        try (CSVParser first = CSVParser.builder().setReader(new StringReader(text))
                .setFormat(CSVFormat.RFC4180.builder().setDelimiter(format.getDelimiterString()).setIgnoreEmptyLines(true).get())
                .get()) {
            first.iterator().next();
            lines = first.getCurrentLineNumber();
        } catch (IOException | RuntimeException e) {
            return -1;
        }

        int end = 0;
        for (long seen = 0; seen < lines && end < text.length(); end++) {
            char c = text.charAt(end);
            if (c == '\n' || (c == '\r' && (end + 1 == text.length() || text.charAt(end + 1) != '\n'))) {
                seen++;
            }
        }
        return end;
    }

    /** Returns whether the header has a column of this name. */
    public boolean hasColumn(String column) {
        return header.containsKey(column);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
