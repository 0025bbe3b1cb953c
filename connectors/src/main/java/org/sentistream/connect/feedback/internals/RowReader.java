package org.sentistream.connect.feedback.internals;

import java.io.Closeable;
import java.io.IOException;

/** Sequential reader of the rows of one export file. */
public interface RowReader extends Closeable {

    /**
     * Reads the next row.
     *
     * @return the row, or null at the end of the file
     * @throws IOException when the file cannot be read
     */
    Row next() throws IOException;
}
