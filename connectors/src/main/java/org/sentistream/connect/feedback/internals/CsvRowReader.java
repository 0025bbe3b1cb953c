package org.sentistream.connect.feedback.internals;

import java.io.IOException;
import java.io.Reader;
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
    private long rowNumber;
    private boolean failed;

    public CsvRowReader(Reader reader, char delimiter) throws IOException {
        this.format = CSVFormat.RFC4180.builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .get();
        this.parser = CSVParser.builder().setReader(reader).setFormat(format).get();
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
            return new Row(rowNumber, null, "", "CSV syntax error after row " + (rowNumber - 1)
                    + ", the rest of the file is skipped: " + e.getCause().getMessage());
        }

        rowNumber++;
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

    /** Returns whether the header has a column of this name. */
    public boolean hasColumn(String column) {
        return header.containsKey(column);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
