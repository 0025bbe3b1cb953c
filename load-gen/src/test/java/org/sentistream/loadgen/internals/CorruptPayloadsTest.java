package org.sentistream.loadgen.internals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.sentistream.serde.WireFormat;
import org.sentistream.serde.WireFormatException;

class CorruptPayloadsTest {

    private static final byte[] VALID = WireFormat.frame(7, new byte[] {20, 'p', 'o', 's', 't', '-', '1', '2', '3', '4', 2, 0});

    @Test
    void kindsRotate() {
        CorruptPayloads payloads = new CorruptPayloads(new Random(1));

        for (CorruptPayloads.Kind expected : CorruptPayloads.Kind.values()) {
            assertEquals(expected, payloads.nextKind());
            payloads.corrupt(VALID);
        }
        assertEquals(CorruptPayloads.Kind.BAD_MAGIC_BYTE, payloads.nextKind());
    }

    @Test
    void eachKindBreaksTheValue() {
        CorruptPayloads payloads = new CorruptPayloads(new Random(1));
        byte[] original = VALID.clone();

        byte[] badMagic = payloads.corrupt(VALID);
        byte[] garbage = payloads.corrupt(VALID);
        byte[] truncated = payloads.corrupt(VALID);
        byte[] unknownId = payloads.corrupt(VALID);

        assertEquals(WireFormatException.Reason.BAD_MAGIC_BYTE,
                assertThrows(WireFormatException.class, () -> WireFormat.schemaId(badMagic)).reason());
        assertArrayEquals(Arrays.copyOfRange(VALID, 1, VALID.length), Arrays.copyOfRange(badMagic, 1, badMagic.length));
        assertNotEquals(WireFormat.MAGIC_BYTE, garbage[0]);
        assertEquals(WireFormat.HEADER_SIZE + 2, truncated.length);
        assertEquals(7, WireFormat.schemaId(truncated));
        assertEquals(CorruptPayloads.UNKNOWN_SCHEMA_ID, WireFormat.schemaId(unknownId));
        assertArrayEquals(original, VALID);
    }
}
