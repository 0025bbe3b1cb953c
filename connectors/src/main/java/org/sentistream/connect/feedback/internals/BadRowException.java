package org.sentistream.connect.feedback.internals;

/** A row that cannot become a FeedbackEvent, with a stable reason code for the dead letter topic. */
public final class BadRowException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Stable codes written to the {@code dlq.reason} header. */
    public enum Reason {
        /** The row is not valid CSV or JSON, or contains bytes that are not valid UTF-8. */
        UNPARSEABLE,
        /** A required column (the text) is missing or blank. */
        MISSING_FIELD,
        /** A column does not parse, for example a rating that is not an integer. */
        INVALID_VALUE,
        /** The row is longer than {@code row.max.chars}. */
        TOO_LARGE
    }

    private final Reason reason;

    public BadRowException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BadRowException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
