package org.sentistream.streams;

import org.sentistream.serde.WireFormatException;

/**
 * Why a record went to the dead letter topic. The name is the stable code written to the
 * {@value DeadLetterHeaders#REASON} header and to the {@code reason} tag of the dead letter metric.
 *
 * <p>{@link WireFormatException.Reason#REGISTRY_UNAVAILABLE} has no code here on purpose: an unreachable
 * registry is transient, so the record is not dead-lettered. The processor throws instead, the stream
 * thread dies without committing, and its replacement retries from the last committed offset.
 */
public enum DeadLetterReason {
    /** The value has fewer bytes than the 5-byte wire-format header. */
    TOO_SHORT,
    /** The first byte of the value is not the wire-format magic byte 0. */
    BAD_MAGIC_BYTE,
    /** The registry has no schema with the id in the value header. */
    UNKNOWN_SCHEMA_ID,
    /** The Avro body does not decode, or does not resolve to the expected record type. */
    UNDECODABLE,
    /** The record has no id, so its result could not be keyed. */
    MISSING_ID,
    /** The text is empty or contains only whitespace. */
    EMPTY_TEXT,
    /** The text is longer than {@code text.max.chars}. */
    TEXT_TOO_LONG,
    /**
     * The valid record is too large to buffer: its changelog record in the batch buffer would exceed the
     * producer's {@code max.request.size} or the brokers' {@code message.max.bytes}, so the write would fail
     * and its partition would stop.
     */
    RECORD_TOO_LARGE,
    /** The classifier failed on this record alone, after its batch was split down to single records. */
    INFERENCE_FAILED;

    /**
     * Returns the code of a wire-format failure.
     *
     * @throws IllegalArgumentException for {@link WireFormatException.Reason#REGISTRY_UNAVAILABLE}, which is
     *                                  retried, never dead-lettered
     */
    public static DeadLetterReason of(WireFormatException.Reason reason) {
        switch (reason) {
            case TOO_SHORT:
                return TOO_SHORT;
            case BAD_MAGIC_BYTE:
                return BAD_MAGIC_BYTE;
            case UNKNOWN_SCHEMA_ID:
                return UNKNOWN_SCHEMA_ID;
            case UNDECODABLE:
                return UNDECODABLE;
            default:
                throw new IllegalArgumentException("Wire-format failure " + reason + " is transient and has no dead letter code");
        }
    }
}
