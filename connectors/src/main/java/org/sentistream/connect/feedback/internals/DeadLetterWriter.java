package org.sentistream.connect.feedback.internals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes bad rows to the dead letter topic with a producer of its own, because Connect's errant
 * record reporter exists only for sink tasks. The key is {@code <file>:<row>}, the value the raw
 * row text (cut to {@code row.max.chars}), and the headers, each a UTF-8 string, use the names of the stream processor's dead
 * letters where they mean the same: {@value #REASON}, {@value #ERROR}, {@value #TIMESTAMP}, plus
 * {@value #SOURCE_FILE} and {@value #SOURCE_ROW}.
 */
public final class DeadLetterWriter implements AutoCloseable {

    public static final String REASON = "dlq.reason";
    public static final String ERROR = "dlq.error";
    public static final String TIMESTAMP = "dlq.timestamp";
    public static final String SOURCE_FILE = "dlq.source.file";
    public static final String SOURCE_ROW = "dlq.source.row";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);

    /** How long a send may wait for the topic's metadata, so a missing topic fails the task instead of stalling it. */
    private static final int MAX_BLOCK_MS = 15_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int maxValueChars;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    /** Creates the producer; a row longer than {@code maxValueChars} is written cut to that length. */
    public DeadLetterWriter(String bootstrapServers, String topic, String clientId, int maxValueChars) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.maxValueChars = maxValueChars;
    }

    /**
     * Checks that the dead letter topic exists.
     *
     * @throws org.apache.kafka.common.KafkaException if its metadata does not arrive within 15 s, as when the
     *     topic is missing and the brokers do not create topics on first use
     */
    public void checkTopic() {
        producer.partitionsFor(topic);
    }

    /** Sends one bad row; {@link #flush()} waits until every sent row is acknowledged. */
    public void send(String fileName, long rowNumber, String rawRow, BadRowException failure) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(failure.reason().name()));
        headers.add(ERROR, utf8(failure.getMessage()));
        headers.add(TIMESTAMP, utf8(Long.toString(System.currentTimeMillis())));
        headers.add(SOURCE_FILE, utf8(fileName));
        headers.add(SOURCE_ROW, utf8(Long.toString(rowNumber)));

        byte[] key = utf8(fileName + ":" + rowNumber);
        String value = rawRow.length() > maxValueChars ? rawRow.substring(0, maxValueChars) : rawRow;
        producer.send(new ProducerRecord<>(topic, null, key, utf8(value), headers), (metadata, error) -> {
            if (error != null) {
                LOG.error("Failed to write bad row {} of {} to dead letter topic {}: {}", rowNumber, fileName, topic,
                        error.toString());
                firstFailure.compareAndSet(null, error);
            }
        });
    }

    /**
     * Blocks until every row sent so far is acknowledged.
     *
     * @throws ConnectException if a row could not be written, so the task stops before the offset that covers
     *     the row is committed, and a restart reads the row again
     */
    public void flush() {
        producer.flush();
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new ConnectException("Failed to write a bad row to dead letter topic " + topic + ": " + failure, failure);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
