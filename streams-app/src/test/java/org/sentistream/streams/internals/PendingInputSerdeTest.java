package org.sentistream.streams.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.sentistream.schemas.InputKind;

class PendingInputSerdeTest {

    @Test
    void sizeMatchesWrittenBytes() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        headers.add("empty", null);
        PendingInput.Origin origin = new PendingInput.Origin("social-posts", 3, 42L, 1_000L, null, new byte[] {0, 0, 0, 0, 1, 9},
                headers);
        PendingInput withNulls = new PendingInput(InputKind.SOCIAL_POST, "p-1", "MASTODON", "Très bien 👍", 5L, null, null, origin, 7L);
        PendingInput withAll = new PendingInput(InputKind.FEEDBACK, "f-1", "EMAIL", "ok", 5L, "router", "en", origin, 7L);

        assertEquals(PendingInputSerde.write(withNulls).length, PendingInputSerde.size(withNulls));
        assertEquals(PendingInputSerde.write(withAll).length, PendingInputSerde.size(withAll));
    }
}
