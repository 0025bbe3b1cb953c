package org.sentistream.connect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * An in-process standalone Connect worker for the integration tests, started the way
 * {@code connect-standalone} starts one, with the project's plugins found on the class path.
 */
final class ConnectTestWorker implements AutoCloseable {

    private final Connect<StandaloneHerder> connect;

    private ConnectTestWorker(Connect<StandaloneHerder> connect) {
        this.connect = connect;
    }

    /** Starts a worker with string keys and {@link AvroConverter} values, storing offsets in {@code offsetsFile}. */
    static ConnectTestWorker start(String bootstrapServers, String registryUrl, Path offsetsFile) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", AvroConverter.class.getName());
        props.put("value.converter.schema.registry.url", registryUrl);
        props.put("offset.storage.file.filename", offsetsFile.toString());
        props.put("offset.flush.interval.ms", "500");
        // A busy CI machine can take longer than the 5 s default to stop a task, and a task that is not
        // stopped gracefully gets no final offset commit.
        props.put("task.shutdown.graceful.timeout.ms", "30000");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.discovery", "service_load");
        return new ConnectTestWorker(new ConnectStandalone().startConnect(props));
    }

    /** Creates a connector and waits until the herder accepted it. */
    void createConnector(String name, Map<String, String> config) throws Exception {
        Map<String, String> withName = new HashMap<>(config);
        withName.put("name", name);
        FutureCallback<org.apache.kafka.connect.runtime.Herder.Created<org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo>> created =
                new FutureCallback<>();
        connect.herder().putConnectorConfig(name, withName, false, created);
        created.get(30, TimeUnit.SECONDS);
    }

    /** Returns the state of the connector's first task (RUNNING, FAILED, ...) and its trace, or null before it exists. */
    String taskState(String name) {
        List<ConnectorStateInfo.TaskState> tasks = connect.herder().connectorStatus(name).tasks();
        if (tasks.isEmpty()) {
            return null;
        }
        ConnectorStateInfo.TaskState task = tasks.get(0);
        return task.state() + (task.trace() == null ? "" : ": " + task.trace());
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }

    /** Reads a topic from the beginning until {@code expected} records arrived or the timeout passed. */
    static <V> List<ConsumerRecord<String, V>> consume(String bootstrapServers, String topic, Deserializer<V> values,
                                                      int expected, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // A short extra read catches records beyond the expected count, such as duplicates.
            long settle = System.nanoTime() + Duration.ofMillis(500).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** Reads raw records of a topic, as {@link #consume} does. */
    static List<ConsumerRecord<String, byte[]>> consumeBytes(String bootstrapServers, String topic, int expected, Duration timeout) {
        return consume(bootstrapServers, topic, new ByteArrayDeserializer(), expected, timeout);
    }
}
