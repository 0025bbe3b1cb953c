package org.sentistream.cli.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the results, aggregates and dead-letter topics with {@code read_committed} on its own thread and feeds
 * a {@link DashboardState}. It assigns every partition itself, so it joins no consumer group and commits
 * nothing, and it starts at the offsets of the history's first moment, so a dashboard opened on a busy
 * cluster does not replay the whole topic. A record it cannot decode is counted, logged at DEBUG and skipped.
 */
public final class DashboardReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    /** Topic names of the application. */
    public record Topics(String results, String aggregates, String deadLetter) {
    }

    private final Topics topics;
    private final DashboardState state;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<SentimentResult> results;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile RuntimeException failure;

    /**
     * Connects, positions every partition at {@code startMs} and starts reading.
     *
     * @param clientConfig consumer settings: {@code bootstrap.servers} and any security settings
     * @throws IllegalStateException if a topic's metadata does not arrive in 30 s, usually because no broker
     *     is reachable at {@code bootstrap.servers}
     * @throws IllegalArgumentException if a topic does not exist
     */
    public DashboardReader(Map<String, Object> clientConfig, SchemaRegistryClient registry, Topics topics,
            DashboardState state, long startMs) {
        this(clientConfig, registry, topics, state, startMs, METADATA_TIMEOUT);
    }

    DashboardReader(Map<String, Object> clientConfig, SchemaRegistryClient registry, Topics topics,
            DashboardState state, long startMs, Duration metadataTimeout) {
        this.topics = topics;
        this.state = state;
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sentistream-dashboard");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.results = new AvroDeserializer<>(registry, SentimentResult.class);

        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.results(), topics.aggregates(), topics.deadLetter())) {
                List<PartitionInfo> infos = partitionsFor(topic, clientConfig, metadataTimeout);
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalArgumentException("Topic " + topic + " does not exist; start the application "
                            + "or run 'bin/sentiment init' first, or name the topics with --config");
                }
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            seekTo(partitions, startMs);
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(5));
            throw e;
        }

        this.thread = new Thread(this::readLoop, "sentistream-dashboard-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void seekTo(List<TopicPartition> partitions, long startMs) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, startMs));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, METADATA_TIMEOUT);
        List<TopicPartition> atEnd = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                atEnd.add(partition);
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
        consumer.seekToEnd(atEnd);
    }

    /** Returns the partitions of {@code topic}, turning Kafka's metadata timeout into a message that names the brokers. */
    private List<PartitionInfo> partitionsFor(String topic, Map<String, Object> clientConfig, Duration timeout) {
        try {
            return consumer.partitionsFor(topic, timeout);
        } catch (TimeoutException e) {
            throw new IllegalStateException("No metadata for topic " + topic + " from Kafka at "
                    + clientConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + " within " + timeout.toMillis()
                    + " ms. Check that the broker is running and reachable, and --bootstrap-servers or bootstrap.servers", e);
        }
    }

    private void readLoop() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up to stop.
        } catch (RuntimeException e) {
            LOG.error("The dashboard stopped reading its topics", e);
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            if (record.topic().equals(topics.results())) {
                SentimentResult result = results.deserialize(record.topic(), record.value());
                if (result != null) {
                    state.result(result);
                }
            } else if (record.topic().equals(topics.aggregates())) {
                Map<String, Object> window = JSON.readValue(record.value(), new TypeReference<Map<String, Object>>() { });
                state.window(record.key(), window);
            } else {
                state.deadLetter(header(record, "dlq.reason", "UNKNOWN"), header(record, "dlq.source.topic", "?"),
                        header(record, "dlq.source.partition", "?"), header(record, "dlq.source.offset", "?"),
                        header(record, "dlq.error", null), record.timestamp());
            }
        } catch (Exception e) {
            state.unreadable();
            LOG.debug("Skipped record {}-{}@{} that the dashboard cannot decode: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name, String missing) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? missing : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Returns the error that stopped the reader, or null while it runs. */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(10_000);
    }
}
