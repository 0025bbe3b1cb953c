package org.sentistream.connect.feedback.internals;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int maxValueChars;

    /** Creates the producer; a row longer than {@code maxValueChars} is written cut to that length. */
    public DeadLetterWriter(String bootstrapServers, String topic, String clientId, int maxValueChars) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.maxValueChars = maxValueChars;
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
                LOG.warn("Failed to write bad row {} of {} to dead letter topic {}: {}", rowNumber, fileName, topic,
                        error.toString());
            }
        });
    }

    /** Blocks until every row sent so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
