package org.sentistream.loadgen.internals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Turns valid wire-format values into values a consumer must reject, for dead-letter demos.
 * Successive calls cycle through the {@link Kind}s, so a small corrupt share still shows each kind.
 */
public final class CorruptPayloads {

    /** Ways a value is corrupted. */
    public enum Kind {
        /** The valid value with a first byte other than the magic byte 0. */
        BAD_MAGIC_BYTE,
        /** Random bytes that do not start with the magic byte. */
        GARBAGE,
        /** A valid header followed by only the first 2 bytes of the Avro body. */
        TRUNCATED_BODY,
        /** A valid body behind a schema id that the registry does not have. */
        UNKNOWN_SCHEMA_ID
    }

    /** Schema id written by {@link Kind#UNKNOWN_SCHEMA_ID}. Registries number ids from 1 upwards, so none reaches it in practice. */
    public static final int UNKNOWN_SCHEMA_ID = Integer.MAX_VALUE;

    private static final int HEADER_SIZE = 5;
    private static final int TRUNCATED_BODY_BYTES = 2;
    private static final int MIN_GARBAGE_BYTES = 8;
    private static final int MAX_GARBAGE_BYTES = 64;

    private final Random random;
    private long calls;

    public CorruptPayloads(Random random) {
        this.random = random;
    }

    /** Returns the kind the next call to {@link #corrupt} uses. */
    public Kind nextKind() {
        return Kind.values()[(int) (calls % Kind.values().length)];
    }

    /**
     * Corrupts a value.
     *
     * @param valid a value in the Confluent wire format: magic byte 0, 4-byte schema id, Avro body
     * @return a new array, leaving {@code valid} unchanged
     */
    public byte[] corrupt(byte[] valid) {
        Kind kind = nextKind();
        calls++;
        return switch (kind) {
            case BAD_MAGIC_BYTE -> badMagicByte(valid);
            case GARBAGE -> garbage();
            case TRUNCATED_BODY -> Arrays.copyOf(valid, Math.min(valid.length, HEADER_SIZE + TRUNCATED_BODY_BYTES));
            case UNKNOWN_SCHEMA_ID -> unknownSchemaId(valid);
        };
    }

    private byte[] badMagicByte(byte[] valid) {
        byte[] corrupt = valid.clone();
        corrupt[0] = (byte) (1 + random.nextInt(255));
        return corrupt;
    }

    private byte[] garbage() {
        byte[] corrupt = new byte[MIN_GARBAGE_BYTES + random.nextInt(MAX_GARBAGE_BYTES - MIN_GARBAGE_BYTES + 1)];
        random.nextBytes(corrupt);
        if (corrupt[0] == 0) {
            corrupt[0] = 1;
        }
        return corrupt;
    }

    private static byte[] unknownSchemaId(byte[] valid) {
        byte[] corrupt = valid.clone();
        ByteBuffer.wrap(corrupt, 1, 4).putInt(UNKNOWN_SCHEMA_ID);
        return corrupt;
    }
}
