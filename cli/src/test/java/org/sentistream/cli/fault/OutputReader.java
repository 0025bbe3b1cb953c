package org.sentistream.cli.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.sentistream.streams.DeadLetterHeaders;

/**
 * A read_committed consumer, without a group, of the results and dead letter topics of one pipeline. It counts results per key
 * (the input id) and records the dead letter reasons per key, so a test can check exactly-once per input.
 */
final class OutputReader implements AutoCloseable {

    final Map<String, Integer> resultsPerId = new HashMap<>();
    final Map<String, List<String>> deadLetterReasonsPerKey = new HashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String resultsTopic;
    private long results;

    OutputReader(String bootstrapServers, FaultPipeline pipeline) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.resultsTopic = pipeline.results;
        // Assigned, not subscribed: a consumer group without committed offsets rewinds to the start of the topic
        // when the restarted broker triggers a rebalance, which would count every earlier result twice.
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(pipeline.results, pipeline.deadLetters)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Polls until {@code done} returns true, or until no new record arrived for {@code stall}, so a slow but
     * progressing run on a busy machine does not fail.
     *
     * @return {@code done}'s last value
     */
    boolean pollUntil(BooleanSupplier done, Duration stall) {
        long lastProgress = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - lastProgress > stall.toNanos()) {
                return false;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                add(record);
                lastProgress = System.nanoTime();
            }
        }
        return true;
    }

    /** Keeps polling for {@code quiet} to catch duplicates that arrive after the expected count. */
    void drain(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(this::add);
        }
    }

    long results() {
        return results;
    }

    long deadLetters() {
        return deadLetterReasonsPerKey.values().stream().mapToLong(List::size).sum();
    }

    private void add(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "<null>" : new String(record.key(), StandardCharsets.UTF_8);
        if (record.topic().equals(resultsTopic)) {
            results++;
            resultsPerId.merge(key, 1, Integer::sum);
            return;
        }
        Header reason = record.headers().lastHeader(DeadLetterHeaders.REASON);
        String code = reason == null ? "<no reason>" : new String(reason.value(), StandardCharsets.UTF_8);
        deadLetterReasonsPerKey.computeIfAbsent(key, k -> new ArrayList<>()).add(code);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
