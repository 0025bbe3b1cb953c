package org.sentistream.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A value that cannot be turned into a record, or a record that cannot be turned into a value.
 * A deserialization exception handler can use {@link #reason()} to decide whether a retry can
 * help, because only {@link Reason#REGISTRY_UNAVAILABLE} is transient.
 */
public class WireFormatException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** Cause of a wire-format failure. */
    public enum Reason {
        /** The value has fewer bytes than the 5-byte header. */
        TOO_SHORT,
        /** The first byte is not the magic byte 0. */
        BAD_MAGIC_BYTE,
        /** The registry has no schema with the id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The Avro body does not decode with the writer schema, or does not resolve to the reader schema. */
        UNDECODABLE,
        /** The registry could not be reached or returned a server error; retrying may succeed. */
        REGISTRY_UNAVAILABLE
    }

    private final Reason reason;

    public WireFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public WireFormatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Returns the cause category of this failure. */
    public Reason reason() {
        return reason;
    }
}
