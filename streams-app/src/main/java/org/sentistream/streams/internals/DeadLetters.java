package org.sentistream.streams.internals;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.sentistream.streams.DeadLetterHeaders;
import org.sentistream.streams.DeadLetterReason;

/** Builds dead letter records: the original key, value and headers, plus the {@code dlq.*} headers. */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * Returns the dead letter of a record, with the original record timestamp.
     *
     * @param error error message, which must not contain the record value
     * @param nowMs wall-clock time of the failure, in epoch ms
     */
    public static Record<byte[], byte[]> record(PendingInput.Origin origin, DeadLetterReason reason, String error,
            long nowMs) {
        Headers headers = new RecordHeaders(origin.headers().toArray());
        add(headers, DeadLetterHeaders.REASON, reason.name());
        add(headers, DeadLetterHeaders.ERROR, error == null ? "" : error);
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, origin.topic());
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(origin.partition()));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(origin.offset()));
        add(headers, DeadLetterHeaders.TIMESTAMP, Long.toString(nowMs));
        return new Record<>(origin.key(), origin.value(), origin.timestamp(), headers);
    }

    private static void add(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
