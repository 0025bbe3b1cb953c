package org.sentistream.loadgen.internals;

import java.util.List;

/**
 * Rows loaded from one JSONL source, with the lines that were skipped.
 *
 * @param source  file path or resource name
 * @param rows    valid rows, in file order
 * @param skipped invalid lines, in file order
 */
public record JsonlRows(String source, List<SourceRow> rows, List<SkippedLine> skipped) {

    public JsonlRows {
        rows = List.copyOf(rows);
        skipped = List.copyOf(skipped);
    }
}
