package org.sentistream.streams;

/**
 * Header names of a dead letter record. The record keeps the original key and value bytes and the
 * original headers, and adds these headers, each a UTF-8 string.
 */
public final class DeadLetterHeaders {

    /** Stable code of the failure: a {@link DeadLetterReason} name. */
    public static final String REASON = "dlq.reason";
    /** Error message of the failure. It never contains the record value. */
    public static final String ERROR = "dlq.error";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    /** Partition the record was read from, in decimal. */
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    /** Offset of the record in its source partition, in decimal. */
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    /** Wall-clock time the record was dead-lettered, in epoch milliseconds, in decimal. */
    public static final String TIMESTAMP = "dlq.timestamp";
    /**
     * Present only when the original value was too large to write to the dead letter topic: the original value
     * size in bytes, in decimal. The value of the dead letter is then empty.
     */
    public static final String VALUE_OMITTED = "dlq.value.omitted.bytes";

    private DeadLetterHeaders() {
    }
}
