package org.sentistream.streams.internals;

import org.apache.kafka.common.header.Headers;
import org.sentistream.schemas.InputKind;

/**
 * A valid input record waiting in the batch buffer: the fields a result needs, plus the original bytes
 * and position so that a record the classifier fails on can still be dead-lettered unchanged.
 *
 * @param kind post or feedback
 * @param id input id, the key of the result
 * @param source platform of a post or channel of a feedback event, as its enum symbol
 * @param text text to classify
 * @param eventTime createdAt of the event, else the record timestamp, in epoch ms
 * @param product product of a feedback event, or null
 * @param language language of a post, or null
 * @param origin where the record came from and its original bytes
 * @param bufferedAtMs wall-clock time the record entered the buffer, in epoch ms
 */
public record PendingInput(
        InputKind kind,
        String id,
        String source,
        String text,
        long eventTime,
        String product,
        String language,
        Origin origin,
        long bufferedAtMs) {

    /**
     * Position and original bytes of an input record.
     *
     * @param topic source topic
     * @param partition source partition
     * @param offset offset in the source partition
     * @param timestamp record timestamp in epoch ms
     * @param key original key bytes, or null
     * @param value original value bytes
     * @param headers original headers
     */
    public record Origin(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
            Headers headers) {
    }
}
