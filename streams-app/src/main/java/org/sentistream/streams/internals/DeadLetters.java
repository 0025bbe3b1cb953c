package org.sentistream.streams.internals;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.sentistream.streams.DeadLetterHeaders;
import org.sentistream.streams.DeadLetterReason;

/**
 * Builds dead letter records: the original key, value and headers, plus the {@code dlq.*} headers.
 *
 * <p>A dead letter whose estimated size exceeds the record limit gets an empty value and the header
 * {@value DeadLetterHeaders#VALUE_OMITTED}, because under exactly_once_v2 a send that fails with
 * RecordTooLargeException aborts the whole transaction. The thread would then fail and retry the same input
 * forever. The source headers still locate the original record. The limit is the producer's
 * {@code max.request.size}, lowered at start to the dead letter topic's {@code max.message.bytes} and the
 * brokers' {@code message.max.bytes}.
 */
public final class DeadLetters {

    /** Bytes added to the key, value and header sizes for the record and batch framing, an estimate. */
    static final int FRAMING_BYTES = 512;

    private DeadLetters() {
    }

    /**
     * Returns the dead letter of a record, with the original record timestamp.
     *
     * @param error error message, which must not contain the record value
     * @param nowMs wall-clock time of the failure, in epoch ms
     * @param maxRecordBytes largest record the application writes, see {@link InstanceState#recordLimit()}
     */
    public static Record<byte[], byte[]> record(PendingInput.Origin origin, DeadLetterReason reason, String error,
            long nowMs, int maxRecordBytes) {
        Headers headers = new RecordHeaders(origin.headers().toArray());
        add(headers, DeadLetterHeaders.REASON, reason.name());
        add(headers, DeadLetterHeaders.ERROR, error == null ? "" : error);
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, origin.topic());
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(origin.partition()));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(origin.offset()));
        add(headers, DeadLetterHeaders.TIMESTAMP, Long.toString(nowMs));

        byte[] value = origin.value();
        if (estimatedBytes(origin.key(), value, headers) > maxRecordBytes) {
            add(headers, DeadLetterHeaders.VALUE_OMITTED, Integer.toString(value.length));
            value = new byte[0];
        }
        return new Record<>(origin.key(), value, origin.timestamp(), headers);
    }

    private static long estimatedBytes(byte[] key, byte[] value, Headers headers) {
        long bytes = FRAMING_BYTES + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header header : headers) {
            bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return bytes;
    }

    private static void add(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
