package org.sentistream.cli;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sentistream.schemas.SentimentLabel;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the results and dead-letter topics back with {@code read_committed}, as a downstream
 * consumer would, and keeps the counts the demo prints. Results are counted once per input id.
 */
final class PipelineMonitor implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineMonitor.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<SentimentResult> resultDeserializer;
    private final String resultsTopic;
    private final String deadLetterTopic;
    private final AtomicBoolean running = new AtomicBoolean(true);

    private final Set<String> resultIds = new HashSet<>();
    private final Map<SentimentLabel, Long> labelCounts = new EnumMap<>(SentimentLabel.class);
    private final Map<String, Long> deadLetterReasons = new HashMap<>();
    private long duplicateResults;
    private long deadLetters;
    private long undecodableResults;

    PipelineMonitor(String bootstrapServers, SchemaRegistryClient registry, String resultsTopic, String deadLetterTopic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "sentistream-demo-monitor");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.resultDeserializer = new AvroDeserializer<>(registry, SentimentResult.class);
        this.resultsTopic = resultsTopic;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(resultsTopic, deadLetterTopic));
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(250));
                synchronized (this) {
                    for (ConsumerRecord<String, byte[]> record : records) {
                        count(record);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("Demo monitor stopped reading the output topics", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void count(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(deadLetterTopic)) {
            deadLetters++;
            Header reason = record.headers().lastHeader("dlq.reason");
            String code = reason == null ? "UNKNOWN" : new String(reason.value(), java.nio.charset.StandardCharsets.UTF_8);
            deadLetterReasons.merge(code, 1L, Long::sum);
            return;
        }

        SentimentResult result;
        try {
            result = resultDeserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            undecodableResults++;
            log.warn("Result at {}-{}@{} is not decodable: {}", record.topic(), record.partition(), record.offset(), e.toString());
            return;
        }
        if (result == null) {
            return;
        }
        if (!resultIds.add(result.getInputId())) {
            duplicateResults++;
            return;
        }
        labelCounts.merge(result.getLabel(), 1L, Long::sum);
    }

    /** Returns a consistent copy of the counts. */
    synchronized Snapshot snapshot() {
        Map<String, Long> labels = new java.util.LinkedHashMap<>();
        for (SentimentLabel label : SentimentLabel.values()) {
            labels.put(label.name().toLowerCase(java.util.Locale.ROOT), labelCounts.getOrDefault(label, 0L));
        }
        return new Snapshot(resultIds.size(), duplicateResults, undecodableResults, deadLetters,
                labels, new java.util.TreeMap<>(deadLetterReasons));
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }

    /** Counts at one moment. */
    record Snapshot(long results, long duplicateResults, long undecodableResults, long deadLetters,
                    Map<String, Long> labelCounts, Map<String, Long> deadLetterReasons) {
    }
}
