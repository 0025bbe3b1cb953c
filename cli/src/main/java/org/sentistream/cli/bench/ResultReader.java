package org.sentistream.cli.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic from the beginning with a read_committed consumer on its own thread and counts the records
 * per key. For the results topic the key is the input id, so a count above one is a duplicate result. It
 * assigns every partition itself, so it joins no consumer group and never waits for a rebalance.
 */
public final class ResultReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultReader.class);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Integer> countsByKey = new ConcurrentHashMap<>();
    private final Map<String, TopicPartitionOffset> firstPlaces = new ConcurrentHashMap<>();
    private final Map<String, List<TopicPartitionOffset>> duplicatePlaces = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final Thread thread;
    private volatile long firstNanos;
    private volatile long lastNanos;
    private volatile boolean running = true;
    private volatile Exception failure;

    /** Creates a reader and starts reading {@code topic}, which must exist. */
    public ResultReader(String bootstrapServers, String topic) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());

        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);

        this.thread = new Thread(this::readLoop, "sentistream-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void readLoop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.nanoTime();
                    if (records.get() == 0) {
                        firstNanos = now;
                    }
                    lastNanos = now;
                    String key = String.valueOf(record.key());
                    TopicPartitionOffset place = new TopicPartitionOffset(record.partition(), record.offset());
                    TopicPartitionOffset first = firstPlaces.putIfAbsent(key, place);
                    if (first != null) {
                        duplicatePlaces.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>(List.of(first))).add(place);
                    }
                    countsByKey.merge(key, 1, Integer::sum);
                    records.incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up to stop reading.
        } catch (RuntimeException e) {
            LOG.error("Reading {} failed", topic, e);
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Returns the records read so far, duplicates included. */
    public long records() {
        return records.get();
    }

    /** Returns the distinct keys read so far. */
    public int distinctKeys() {
        return countsByKey.size();
    }

    /** Returns the records beyond the first of each key. */
    public long duplicates() {
        return records.get() - countsByKey.size();
    }

    /** Returns, for each key read more than once, the partition and offset of every record with that key. */
    public Map<String, List<TopicPartitionOffset>> duplicatePlaces() {
        return Map.copyOf(duplicatePlaces);
    }

    /** Partition and offset of a record that was read. */
    public record TopicPartitionOffset(int partition, long offset) {

        @Override
        public String toString() {
            return partition + "@" + offset;
        }
    }

    /** Returns a copy of the record count of each key. */
    public Map<String, Integer> countsByKey() {
        return Map.copyOf(countsByKey);
    }

    /** Returns the {@link System#nanoTime()} at which the first record was read, or 0 before it. */
    public long firstRecordNanos() {
        return firstNanos;
    }

    /** Returns the {@link System#nanoTime()} at which the latest record was read, or 0 before the first. */
    public long lastRecordNanos() {
        return lastNanos;
    }

    /** Returns the seconds from the first to the last record read, or 0 before two records. */
    public double spanSeconds() {
        return records.get() < 2 ? 0 : (lastNanos - firstNanos) / 1e9;
    }

    /**
     * Waits until {@code keys} distinct keys have been read.
     *
     * @return false if the timeout passed first
     * @throws IllegalStateException if the reader failed
     */
    public boolean awaitDistinct(long keys, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (countsByKey.size() < keys) {
            if (failure != null) {
                throw new IllegalStateException("Reading " + topic + " failed", failure);
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
