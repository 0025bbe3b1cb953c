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
        String raw = format.format(record.values()).strip();
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
     * Returns the text from the start of the row that failed to the end of the file, cut to {@code maxRawChars}.
     * The recorded text starts with the last row that parsed (the header if none did), after any blank lines before
     * it. So it is parsed again on its own to count the line breaks up to that row's end, quoted ones included.
     */
    private String restOfFile() throws IOException {
        String text = recording.textFrom(lastRecordStart, maxRawChars + 1_000_000);
        long lines;
        try (CSVParser last = CSVParser.builder().setReader(new StringReader(text))
                .setFormat(CSVFormat.RFC4180.builder().setDelimiter(format.getDelimiterString()).setIgnoreEmptyLines(true).get())
                .get()) {
            last.iterator().next();
            lines = last.getCurrentLineNumber();
        } catch (RuntimeException e) {
            lines = 1;
        }

        int start = 0;
        for (long seen = 0; seen < lines && start < text.length(); start++) {
            char c = text.charAt(start);
            if (c == '\n' || (c == '\r' && (start + 1 == text.length() || text.charAt(start + 1) != '\n'))) {
                seen++;
            }
        }
        String rest = text.substring(start).strip();
        return rest.length() > maxRawChars ? rest.substring(0, maxRawChars).strip() : rest;
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
