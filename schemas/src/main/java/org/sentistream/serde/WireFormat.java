package org.sentistream.serde;

import java.nio.ByteBuffer;

/**
 * Confluent wire format of a Kafka record value: magic byte 0, the schema id as a 4-byte
 * big-endian int, then the Avro binary encoding of the datum.
 */
public final class WireFormat {

    /** First byte of every framed value. */
    public static final byte MAGIC_BYTE = 0;

    /** Bytes before the Avro body: the magic byte and the schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /**
     * Prepends the wire-format header to an Avro binary body.
     *
     * @param schemaId   registry id of the writer schema
     * @param avroBinary Avro binary encoding of the datum
     * @return a new array of {@code HEADER_SIZE + avroBinary.length} bytes
     */
    public static byte[] frame(int schemaId, byte[] avroBinary) {
        return ByteBuffer.allocate(HEADER_SIZE + avroBinary.length)
                .put(MAGIC_BYTE)
                .putInt(schemaId)
                .put(avroBinary)
                .array();
    }

    /**
     * Reads the schema id from a framed value.
     *
     * @throws WireFormatException with reason TOO_SHORT when the value has fewer than
     *                             {@link #HEADER_SIZE} bytes, or BAD_MAGIC_BYTE when the first
     *                             byte is not {@link #MAGIC_BYTE}
     */
    public static int schemaId(byte[] framed) {
        checkHeader(framed);
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    private static void checkHeader(byte[] framed) {
        if (framed.length < HEADER_SIZE) {
            throw new WireFormatException(WireFormatException.Reason.TOO_SHORT,
                    "Value of " + framed.length + " bytes is shorter than the " + HEADER_SIZE
                            + "-byte wire-format header; the producer did not use the Confluent wire format");
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new WireFormatException(WireFormatException.Reason.BAD_MAGIC_BYTE,
                    String.format("Invalid magic byte 0x%02x, expected 0x00; the value was not written by a"
                            + " Confluent-compatible Avro serializer", framed[0] & 0xff));
        }
    }
}
