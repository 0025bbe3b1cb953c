package org.sentistream.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void frameWritesBigEndianHeader() {
        byte[] framed = WireFormat.frame(0x01020304, new byte[] {7, 8});

        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 7, 8}, framed);
    }

    @Test
    void schemaIdReadsHeader() {
        assertEquals(0x7f00ff01, WireFormat.schemaId(WireFormat.frame(0x7f00ff01, new byte[0])));
    }

    @Test
    void shortValueIsTooShort() {
        WireFormatException e = assertThrows(WireFormatException.class, () -> WireFormat.schemaId(new byte[] {0, 0, 0, 1}));

        assertEquals(WireFormatException.Reason.TOO_SHORT, e.reason());
        assertTrue(e.getMessage().contains("4 bytes"), e.getMessage());
    }

    @Test
    void wrongFirstByteIsBadMagic() {
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> WireFormat.schemaId(new byte[] {(byte) 0xab, 0, 0, 0, 1}));

        assertEquals(WireFormatException.Reason.BAD_MAGIC_BYTE, e.reason());
        assertTrue(e.getMessage().contains("0xab"), e.getMessage());
    }
}
