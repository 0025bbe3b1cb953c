package org.sentistream.connect.feedback.internals;

/**
 * One row of an export file.
 *
 * @param number 1-based row number, header excluded: the source offset after this row is {@code number}
 * @param fields reads a mapped column or field, or null when the row could not be parsed
 * @param raw    the row as text, for the dead letter topic
 * @param error  why the row could not be parsed, or null
 */
public record Row(long number, RowFields fields, String raw, String error) {

    /** Read access to the columns of one parsed row. */
    @FunctionalInterface
    public interface RowFields {

        /** Returns the value of a column or dotted field path, or null when absent. */
        String get(String column);
    }
}
