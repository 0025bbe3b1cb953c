package org.sentistream.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sentistream.registry.internals.InMemorySchemaStore;
import org.sentistream.registry.internals.LogReplayer;
import org.sentistream.registry.internals.StoreCommand;
import org.sentistream.registry.internals.StoreTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaStore} kept in a single-partition Kafka topic, so schemas survive restarts and
 * several registry instances on the same topic serve the same ids.
 *
 * <p>Every mutation is a JSON command record with a unique key. Each instance replays the partition
 * from offset 0 in offset order into an in-memory state, and a mutation takes effect only when the
 * replay reaches it. The writer sends its record, waits until its own replay has passed the
 * record's offset, then reads the outcome. Ids, version numbers and compatibility decisions
 * therefore follow the log order, and two instances racing to register agree on the result. Since
 * no two records share a key, compaction never removes one. The topic is compacted only so that
 * time and size retention never delete schemas.
 *
 * <p>Reads are served from the local state. A read that finds no schema id or no subject first
 * waits for the replay to reach the end of the topic, so an id registered through another instance
 * is found.
 */
public final class KafkaSchemaStore implements SchemaStore {

    /** Topic used when none is configured. */
    public static final String DEFAULT_TOPIC = "_sentistream_schemas";

    /** Time allowed for creating the topic and replaying it at start-up. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /** Time allowed for one mutation to be written and replayed. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);

    /** Time a read that missed waits for the replay to reach the end of the topic. */
    private static final Duration READ_CATCH_UP_TIMEOUT = Duration.ofSeconds(5);

    private static final long METADATA_RETRY_MS = 100;

    /** Kafka's producer default of max.request.size, 1 MiB. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    /**
     * Bytes a record batch adds around one record's key and value: Kafka's record format v2 has a 61-byte
     * batch header and at most 21 bytes of framing per record (kafka-clients 4.3, DefaultRecordBatch and
     * DefaultRecord). 128 covers both with room to spare.
     */
    static final int RECORD_OVERHEAD_BYTES = 128;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);

    private final String topic;
    private final TopicPartition partition;
    private final Duration writeTimeout;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final InMemorySchemaStore state = new InMemorySchemaStore();
    private final LogReplayer replayer;
    private final String instanceId = UUID.randomUUID().toString();
    private final AtomicLong sequence = new AtomicLong();
    private final int maxRequestSize;

    private KafkaSchemaStore(String topic, Map<String, Object> clientConfigs, Duration writeTimeout) {
        this.topic = topic;
        this.maxRequestSize = maxRequestSize(clientConfigs);
        this.partition = new TopicPartition(topic, 0);
        this.writeTimeout = writeTimeout;
        this.admin = Admin.create(clientConfigs);
        this.producer = new KafkaProducer<>(producerConfigs(clientConfigs), new StringSerializer(), new StringSerializer());
        this.replayer = new LogReplayer(
                new KafkaConsumer<>(consumerConfigs(clientConfigs), new StringDeserializer(), new StringDeserializer()),
                topic, state);
    }

    /**
     * Opens a store on {@value #DEFAULT_TOPIC} with the default timeouts.
     *
     * @see #open(String, String, Map, Duration, Duration)
     */
    public static KafkaSchemaStore open(String bootstrapServers) {
        return open(bootstrapServers, DEFAULT_TOPIC, Map.of(), DEFAULT_STARTUP_TIMEOUT, DEFAULT_WRITE_TIMEOUT);
    }

    /**
     * Opens a store: creates the topic when it is missing, then replays it to its end before
     * returning, so the store already contains every schema registered earlier.
     *
     * @param clientConfigs   extra Kafka client settings for the admin, producer and consumer,
     *                        such as {@code security.protocol}; may be empty
     * @param startupTimeout  time allowed for creating and replaying the topic
     * @param writeTimeout    time allowed for each mutation to be written and replayed
     * @throws SchemaStoreException when Kafka cannot be reached or the replay does not finish in time
     */
    public static KafkaSchemaStore open(String bootstrapServers, String topic, Map<String, ?> clientConfigs,
                                        Duration startupTimeout, Duration writeTimeout) {
        Map<String, Object> configs = new HashMap<>(clientConfigs);
        configs.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);

        KafkaSchemaStore store = new KafkaSchemaStore(topic, configs, writeTimeout);
        try {
            store.start(startupTimeout);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Returns the topic this store reads and writes. */
    public String topic() {
        return topic;
    }

    @Override
    public SchemaVersion register(String subject, String schema) {
        for (SchemaVersion version : state.versions(subject)) {
            if (version.schema().equals(schema)) {
                return version;
            }
        }

        Object outcome = write(StoreCommand.register(subject, schema));
        if (outcome instanceof IncompatibleSchemaException incompatible) {
            // A new exception, so the stack trace shows this request rather than the replay thread.
            throw new IncompatibleSchemaException(incompatible.subject(), incompatible.level(), incompatible.violations());
        }
        return (SchemaVersion) outcome;
    }

    @Override
    public Optional<String> schemaById(int id) {
        Optional<String> schema = state.schemaById(id);
        if (schema.isPresent() || !catchUp()) {
            return schema;
        }
        return state.schemaById(id);
    }

    @Override
    public List<String> subjects(boolean includeDeleted) {
        return state.subjects(includeDeleted);
    }

    @Override
    public List<SchemaVersion> versions(String subject, boolean includeDeleted) {
        List<SchemaVersion> versions = state.versions(subject, includeDeleted);
        if (!versions.isEmpty() || !catchUp()) {
            return versions;
        }
        return state.versions(subject, includeDeleted);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return (List<Integer>) write(StoreCommand.deleteSubject(subject, permanent));
    }

    @Override
    public boolean deleteVersion(String subject, int version, boolean permanent) {
        return (Boolean) write(StoreCommand.deleteVersion(subject, version, permanent));
    }

    /**
     * Returns the largest record this store's producer sends: its max.request.size less the batch
     * overhead. The broker's max.message.bytes of the topic (1,048,588 bytes by default) must not be
     * lower, else the broker rejects what the producer sends.
     */
    public int maxRecordBytes() {
        return maxRequestSize - RECORD_OVERHEAD_BYTES;
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return state.globalCompatibility();
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        write(StoreCommand.setCompatibility(null, level));
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return state.subjectCompatibility(subject);
    }

    @Override
    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        write(StoreCommand.setCompatibility(subject, level));
    }

    @Override
    public void close() {
        try {
            replayer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
        LOG.info("Schema store on topic {} closed: {}", topic, replayer.summary());
    }

    private void start(Duration timeout) {
        long startNanos = System.nanoTime();
        StoreTopic.ensure(admin, topic, timeout);
        replayer.start();

        long end = endOffsetOnceAvailable(timeout);
        boolean caughtUp;
        try {
            caughtUp = replayer.awaitPosition(end, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaStoreException("Interrupted while replaying schema topic " + topic, e);
        }
        if (!caughtUp) {
            throw new SchemaStoreException("Replay of schema topic " + topic + " reached offset " + replayer.position()
                    + " of " + end + " within " + timeout.toMillis() + " ms; check that the Kafka cluster is healthy");
        }
        LOG.info("Schema store on topic {} ready in {} ms: {} records, {} subjects", topic,
                (System.nanoTime() - startNanos) / 1_000_000, end, state.subjects().size());
    }

    /**
     * Sends one command and returns its outcome once the local replay has applied it.
     *
     * @throws SchemaTooLargeException when the record exceeds {@link #maxRecordBytes()}, before sending
     */
    private Object write(StoreCommand command) {
        String key = instanceId + "-" + sequence.incrementAndGet();
        String value = command.toJson();
        checkRecordSize(command, key, value);
        replayer.expect(key);

        RecordMetadata metadata;
        try {
            metadata = producer.send(new ProducerRecord<>(topic, 0, key, value))
                    .get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            replayer.forget(key);
            if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                // The broker's limit on the topic is lower than the producer's.
                throw new SchemaTooLargeException("The schema is too large for schema topic " + topic
                        + ": the broker rejected its record (" + tooLarge.getMessage() + ")");
            }
            throw new SchemaStoreException("Failed to write " + command.op() + " to schema topic " + topic
                    + " within " + writeTimeout.toMillis() + " ms: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            replayer.forget(key);
            throw new SchemaStoreException("Failed to write " + command.op() + " to schema topic " + topic
                    + " within " + writeTimeout.toMillis() + " ms: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            replayer.forget(key);
            Thread.currentThread().interrupt();
            throw new SchemaStoreException("Interrupted while writing to schema topic " + topic, e);
        }

        Object outcome;
        try {
            outcome = replayer.awaitOutcome(key, metadata.offset(), writeTimeout);
        } catch (InterruptedException e) {
            replayer.forget(key);
            Thread.currentThread().interrupt();
            throw new SchemaStoreException("Interrupted while waiting for the replay of schema topic " + topic, e);
        } catch (IllegalStateException e) {
            replayer.forget(key);
            throw new SchemaStoreException(e.getMessage(), e);
        }
        LOG.debug("Applied {} at offset {} of {}", command.op(), metadata.offset(), topic);

        if (outcome instanceof IllegalArgumentException invalid) {
            throw new SchemaStoreException("The registry could not apply its own record at offset "
                    + metadata.offset() + " of " + topic + ": " + invalid.getMessage(), invalid);
        }
        return outcome;
    }

    private void checkRecordSize(StoreCommand command, String key, String value) {
        long size = (long) key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxRecordBytes()) {
            throw new SchemaTooLargeException("The schema is too large to store: its " + command.op()
                    + " record in schema topic " + topic + " would be " + size + " bytes, above the maximum of "
                    + maxRecordBytes() + " bytes (the producer's max.request.size of " + maxRequestSize
                    + " bytes less " + RECORD_OVERHEAD_BYTES + " bytes of record overhead)");
        }
    }

    /** Waits for the replay to reach the current end of the topic; returns false when it did not. */
    private boolean catchUp() {
        try {
            return replayer.awaitPosition(endOffset(READ_CATCH_UP_TIMEOUT), READ_CATCH_UP_TIMEOUT);
        } catch (SchemaStoreException e) {
            LOG.debug("Serving a read from the local state: {}", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Reads the end offset, retrying while the topic's metadata has not reached the broker yet,
     * which happens right after the topic was created.
     */
    private long endOffsetOnceAvailable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return endOffset(timeout);
            } catch (SchemaStoreException e) {
                boolean retriable = e.getCause() instanceof ExecutionException failed
                        && failed.getCause() instanceof RetriableException;
                if (!retriable || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("Retrying the end offset of {}: {}", topic, e.getMessage());
            }
            try {
                Thread.sleep(METADATA_RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaStoreException("Interrupted while waiting for schema topic " + topic, e);
            }
        }
    }

    private long endOffset(Duration timeout) {
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new SchemaStoreException("Failed to read the end offset of schema topic " + topic + " within "
                    + timeout.toMillis() + " ms: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaStoreException("Interrupted while reading the end offset of schema topic " + topic, e);
        }
    }

    private static int maxRequestSize(Map<String, Object> clientConfigs) {
        Object configured = clientConfigs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (configured == null) {
            return DEFAULT_MAX_REQUEST_SIZE;
        }
        return (Integer) ConfigDef.parseType(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, configured, ConfigDef.Type.INT);
    }

    private static Map<String, Object> producerConfigs(Map<String, Object> clientConfigs) {
        Map<String, Object> configs = new HashMap<>(clientConfigs);
        configs.put(ProducerConfig.ACKS_CONFIG, "all");
        configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        configs.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        configs.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        configs.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return configs;
    }

    private static Map<String, Object> consumerConfigs(Map<String, Object> clientConfigs) {
        Map<String, Object> configs = new HashMap<>(clientConfigs);
        configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        configs.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return configs;
    }
}
