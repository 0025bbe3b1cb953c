package org.sentistream.streams;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;
import org.sentistream.streams.internals.ConfigReference;
import org.sentistream.streams.internals.ConfigSources;
import org.sentistream.streams.internals.CountingProductionExceptionHandler;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.serde.SerdeConfig;
import org.sentistream.streams.internals.KafkaConfigNames;

/**
 * Configuration of the streams application. Every Sentistream key is declared once in {@link #CONFIG_DEF}
 * with its type, default, validator and documentation. Any other key must be a Kafka Streams, consumer,
 * producer, admin or internal-topic config, and is passed to Kafka Streams unchanged.
 *
 * <p>Sources, from lowest to highest precedence: the declared defaults, a properties file, environment
 * variables named {@code SENTISTREAM_} plus the key upper-cased with dots and hyphens as underscores, and
 * command-line overrides. See {@link #load(Path, Map, Map)}.
 */
public final class SentimentAppConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID = "application.id";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_RETRY_MAX_MS = "schema.registry.retry.max.ms";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String STATE_DIR = "state.dir";

    public static final String TOPIC_POSTS = "topic.posts";
    public static final String TOPIC_FEEDBACK = "topic.feedback";
    public static final String TOPIC_RESULTS = "topic.results";
    public static final String TOPIC_DEAD_LETTER = "topic.dead.letter";
    public static final String TOPIC_AGGREGATES = "topic.aggregates";

    /**
     * Keys of every topic the application reads or writes, in the order topics are reported. Each must name
     * its own topic, which {@link #checkDistinctTopics(Map)} enforces.
     */
    public static final List<String> TOPIC_KEYS = List.of(TOPIC_POSTS, TOPIC_FEEDBACK, TOPIC_RESULTS,
            TOPIC_DEAD_LETTER, TOPIC_AGGREGATES);

    public static final String BATCH_MAX_RECORDS = "batch.max.records";
    public static final String BATCH_MAX_WAIT_MS = "batch.max.wait.ms";
    public static final String TEXT_MAX_CHARS = "text.max.chars";

    public static final String ENGINE_TYPE = "engine.type";
    public static final String ENGINE_PRESET = "engine.preset";
    public static final String ENGINE_ENCODER = "engine.encoder";
    public static final String ENGINE_HEAD = "engine.head";
    public static final String ENGINE_THREADS = "engine.threads";
    /** Upper bound of {@code engine.threads}: ONNX Runtime builds a pool of that many threads per session. */
    public static final int MAX_ENGINE_THREADS = 64;
    public static final String ENGINE_MAX_TOKENS = "engine.max.tokens";
    public static final String ENGINE_MAX_RECORD_MS = "engine.max.record.ms";

    public static final String EVENT_TIME_MAX_FUTURE_MS = "event.time.max.future.ms";
    public static final String AGGREGATE_WINDOW_MS = "aggregate.window.ms";
    public static final String AGGREGATE_GRACE_MS = "aggregate.grace.ms";
    public static final String AGGREGATE_RETENTION_MS = "aggregate.retention.ms";

    public static final String LOG_SUMMARY_INTERVAL_MS = "log.summary.interval.ms";
    public static final String HEALTH_PORT = "health.port";
    public static final String HEALTH_BIND_ADDRESS = "health.bind.address";
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    public static final String TOPIC_AUTO_CREATE = "topic.auto.create";

    /**
     * Keys of the schema-registry client (authentication, TLS, timeouts, subject naming). They are given to the
     * registry client, not to Kafka Streams.
     */
    static final Set<String> REGISTRY_CLIENT_KEYS = Set.of(
            SerdeConfig.BASIC_AUTH_USER_INFO, SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
            SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, SerdeConfig.KEY_SUBJECT_NAME_STRATEGY,
            SerdeConfig.SSL_TRUSTSTORE_LOCATION, SerdeConfig.SSL_TRUSTSTORE_PASSWORD, SerdeConfig.SSL_TRUSTSTORE_TYPE,
            SerdeConfig.SSL_KEYSTORE_LOCATION, SerdeConfig.SSL_KEYSTORE_PASSWORD, SerdeConfig.SSL_KEYSTORE_TYPE,
            SerdeConfig.SSL_KEY_PASSWORD, SerdeConfig.CONNECT_TIMEOUT_MS, SerdeConfig.REQUEST_TIMEOUT_MS,
            SerdeConfig.MAX_RETRIES, SerdeConfig.RETRY_BACKOFF_MS);

    /** Prefix of the environment variables read by {@link #load(Path, Map, Map)}. */
    public static final String ENV_PREFIX = "SENTISTREAM_";

    /** Variables with {@link #ENV_PREFIX} that the launcher, the logging setup and the tests read. */
    static final Set<String> OTHER_ENV_VARIABLES = Set.of("SENTISTREAM_JAVA_OPTS", "SENTISTREAM_SKIP_BUILD",
            "SENTISTREAM_DEBUG", "SENTISTREAM_LOG_LEVEL", "SENTISTREAM_PG_URL", "SENTISTREAM_PG_USER",
            "SENTISTREAM_PG_PASSWORD", "SENTISTREAM_REQUIRE_POSTGRES", "SENTISTREAM_REQUIRE_INTEROP");

    /** Keys of single QuickSilver settings, documented in docs/quicksilver.md; the preset comes from engine.preset. */
    static final Set<String> QUICKSILVER_KEYS = quickSilverKeys();

    /** Kafka's consumer default, which Kafka Streams 4.3 keeps. */
    static final int KAFKA_DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

    /** Kafka's producer default of max.request.size. */
    static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    /** Declarations of every Sentistream key. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
                    "Kafka brokers to connect to, as a comma-separated list of host:port pairs.")
            .define(APPLICATION_ID, Type.STRING, "sentistream", new NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: the consumer group id and the prefix of internal topics.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, registryUrls(), Importance.HIGH,
                    "Base URL of the schema registry that holds the Avro schemas of the topics, or a comma-separated "
                            + "list tried in order.")
            .define(SCHEMA_REGISTRY_RETRY_MAX_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
                    "Maximum time in ms a stream thread pauses and retries a schema fetch while the registry is "
                            + "unavailable. After that the thread fails and restarts from the last commit. The "
                            + "start-up check keeps it plus the worst-case batch time below half of "
                            + "max.poll.interval.ms.")
            .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2), Importance.MEDIUM,
                    "Kafka Streams processing guarantee. With exactly_once_v2 the batch buffer, the results and the "
                            + "input offsets commit in one transaction.")
            .define(NUM_STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                    "Stream threads of this instance. All threads share one classifier.")
            .define(STATE_DIR, Type.STRING, null, Importance.LOW,
                    "Directory of the local state stores. Empty uses the Kafka Streams default under java.io.tmpdir.")
            .define(TOPIC_POSTS, Type.STRING, "social-posts", new NonEmptyString(), Importance.HIGH,
                    "Input topic of social posts (Avro SocialPost values).")
            .define(TOPIC_FEEDBACK, Type.STRING, "customer-feedback", new NonEmptyString(), Importance.HIGH,
                    "Input topic of customer feedback (Avro FeedbackEvent values).")
            .define(TOPIC_RESULTS, Type.STRING, "sentiment-results", new NonEmptyString(), Importance.HIGH,
                    "Output topic of sentiment results (Avro SentimentResult values keyed by input id).")
            .define(TOPIC_DEAD_LETTER, Type.STRING, "sentiment-dead-letter", new NonEmptyString(), Importance.HIGH,
                    "Output topic of records that could not be classified: original key and value bytes, "
                            + "reason and source position in dlq.* headers.")
            .define(TOPIC_AGGREGATES, Type.STRING, "sentiment-aggregates", new NonEmptyString(), Importance.MEDIUM,
                    "Output topic of windowed label counts, as JSON strings.")
            .define(BATCH_MAX_RECORDS, Type.INT, 32, Range.between(1, 4096), Importance.MEDIUM,
                    "Records per classifier call. A batch is flushed as soon as it holds this many records.")
            .define(BATCH_MAX_WAIT_MS, Type.LONG, 200L, Range.atLeast(1), Importance.MEDIUM,
                    "Maximum time in ms a record waits in the batch buffer before its batch is flushed.")
            .define(TEXT_MAX_CHARS, Type.INT, 5000, Range.atLeast(1), Importance.MEDIUM,
                    "Maximum text length in characters (Unicode code points). Longer texts go to the dead letter "
                            + "topic as TEXT_TOO_LONG.")
            .define(ENGINE_TYPE, Type.STRING, "quicksilver", ValidString.in("dense", "quicksilver"), Importance.MEDIUM,
                    "Classifier engine: quicksilver runs the encoder layer by layer with token-level adaptivity set "
                            + "by engine.preset; dense runs the whole fp32 model.")
            .define(ENGINE_PRESET, Type.STRING, "balanced", ValidString.in("off", "tokens", "balanced", "aggressive"),
                    Importance.MEDIUM, "Preset of the quicksilver engine: off, tokens, balanced or aggressive. "
                            + "Keys starting with quicksilver. (see docs/quicksilver.md) override single settings "
                            + "of the preset. Ignored by the dense engine.")
            .define(ENGINE_ENCODER, Type.STRING, EngineConfig.DEFAULT_ENCODER,
                    ValidString.in("e5-small-v2", "all-minilm-l6-v2"), Importance.MEDIUM,
                    "Encoder model: e5-small-v2, or the lighter all-minilm-l6-v2.")
            .define(ENGINE_HEAD, Type.STRING, "", Importance.LOW,
                    "Classification head: empty for the encoder's default head, a bundled head name, or a file path.")
            .define(ENGINE_THREADS, Type.INT, 2, Range.between(1, MAX_ENGINE_THREADS), Importance.MEDIUM,
                    "ONNX Runtime intra-op threads of the classifier.")
            .define(ENGINE_MAX_TOKENS, Type.INT, EngineConfig.MAX_TOKENS, Range.between(8, EngineConfig.MAX_TOKENS), Importance.LOW,
                    "Maximum tokens per text, special tokens included. Longer texts are truncated.")
            .define(ENGINE_MAX_RECORD_MS, Type.LONG, 250L, Range.atLeast(1), Importance.LOW,
                    "Assumed worst-case inference time in ms of one text. Used only by the start-up check of the "
                            + "worst-case batch time against max.poll.interval.ms.")
            .define(EVENT_TIME_MAX_FUTURE_MS, Type.LONG, 3_600_000L, Range.atLeast(0), Importance.LOW,
                    "Maximum time in ms an event's createdAt may be ahead of the wall clock. A later createdAt is "
                            + "capped to the wall clock plus this margin for stream time and windows, and counted.")
            .define(AGGREGATE_WINDOW_MS, Type.LONG, 60_000L, Range.atLeast(1000), Importance.LOW,
                    "Size in ms of the tumbling windows of the label counts on the aggregates topic.")
            .define(AGGREGATE_GRACE_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
                    "Time in ms after a window's end, in record time, before the window is written to the aggregates "
                            + "topic.")
            .define(AGGREGATE_RETENTION_MS, Type.LONG, 86_400_000L, Range.atLeast(0), Importance.LOW,
                    "Time in ms a written window is kept after it closed. Results for it that arrive within this "
                            + "time, for example after an instance failed, update it, and it is written again with the "
                            + "new total within about a second. An older result is dropped and counted in "
                            + "aggregate-late-records-total.")
            .define(LOG_SUMMARY_INTERVAL_MS, Type.LONG, 30_000L, Range.atLeast(1000), Importance.LOW,
                    "Interval in ms of the INFO summary log line: records in, results, dead letters, batches.")
            .define(HEALTH_PORT, Type.INT, -1, Range.between(-1, 65_535), Importance.LOW,
                    "Port of the HTTP endpoints GET /health, /ready and /metrics (Prometheus text). -1 disables them "
                            + "and 0 picks a free port.")
            .define(HEALTH_BIND_ADDRESS, Type.STRING, "127.0.0.1", new NonEmptyString(), Importance.LOW,
                    "Address the health endpoint listens on. Use 0.0.0.0 to reach it from outside the host.")
            .define(SHUTDOWN_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                    "Maximum time in ms to wait for Kafka Streams to close on shutdown.")
            .define(TOPIC_PARTITIONS, Type.INT, 12, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of each topic that TopicInitializer or the init command creates. The input "
                            + "partition count caps how many instances share the work. Existing topics are not changed.")
            .define(TOPIC_REPLICATION_FACTOR, Type.INT, -1, ConfigDef.LambdaValidator.with(
                            (name, value) -> {
                                int factor = (Integer) value;
                                if (factor == 0 || factor < -1) {
                                    throw new ConfigException(name, value, "Use -1 for min(3, brokers) or a factor of at least 1");
                                }
                            }, () -> "-1 or at least 1"), Importance.MEDIUM,
                    "Replication factor of the topics that TopicInitializer or the init command creates. -1 uses "
                            + "min(3, number of brokers).")
            .define(TOPIC_AUTO_CREATE, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Create missing input and output topics at start-up, with topic.partitions partitions and "
                            + "topic.replication.factor replicas. Existing topics are never changed.");

    public SentimentAppConfig(Map<?, ?> values) {
        super(CONFIG_DEF, values, false);
        rejectUnknownKeys();
        checkDistinctTopics(values());
        checkBatchTimeAgainstPollInterval();
        quickSilverSettings();
        checkRegistryRetryAgainstPollInterval();
        checkKafkaClientConfigs();
    }

    /**
     * Loads a configuration from its sources, each overriding the previous one.
     *
     * @param file properties file, or null for none
     * @param environment environment variables; only those starting with {@value #ENV_PREFIX} are read
     * @param overrides key-value overrides, typically from {@code --set key=value}
     * @throws ConfigException if the file cannot be read, a key is unknown or a value is invalid
     */
    public static SentimentAppConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        return new SentimentAppConfig(sourceValues(file, environment, overrides));
    }

    /**
     * Returns the raw values of the configuration sources, each overriding the previous one, without
     * checking them. Commands that need only some keys, such as {@code init}, read the same sources as
     * {@code run} through this method.
     *
     * @throws ConfigException if the file cannot be read
     */
    public static Map<String, String> sourceValues(Path file, Map<String, String> environment,
            Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            values.putAll(ConfigSources.readPropertiesFile(file));
        }
        values.putAll(ConfigSources.fromEnvironment(environment, ENV_PREFIX, namedKeys(), SentimentAppConfig::isKnownKey,
                OTHER_ENV_VARIABLES));
        values.putAll(overrides);
        return values;
    }

    /**
     * Checks that every key of {@code values} is known.
     *
     * @throws ConfigException naming the first unknown key
     */
    public static void rejectUnknownKeys(Map<String, String> values) {
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!isKnownKey(entry.getKey())) {
                throw unknownKey(entry.getKey(), entry.getValue());
            }
        }
    }

    private static ConfigException unknownKey(String key, Object value) {
        return new ConfigException(key, value,
                "Unknown configuration key. It is neither a Sentistream key (see the reference table) nor a "
                        + "Kafka Streams, consumer, producer, admin or topic config. Check its spelling.");
    }

    /** Returns the Sentistream, registry client and QuickSilver keys, which are matched to variables by name. */
    private static Set<String> namedKeys() {
        Set<String> keys = new TreeSet<>(CONFIG_DEF.names());
        keys.addAll(REGISTRY_CLIENT_KEYS);
        keys.addAll(QUICKSILVER_KEYS);
        return keys;
    }

    /** Returns true if {@code key} is a Sentistream key, a QuickSilver key or a key passed through to Kafka Streams. */
    public static boolean isKnownKey(String key) {
        return CONFIG_DEF.names().contains(key) || REGISTRY_CLIENT_KEYS.contains(key) || QUICKSILVER_KEYS.contains(key)
                || KafkaConfigNames.isKnown(key);
    }

    /** Returns the markdown reference table of every Sentistream key, generated from {@link #CONFIG_DEF}. */
    public static String referenceMarkdown() {
        return ConfigReference.markdown(CONFIG_DEF, ENV_PREFIX);
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL);
    }

    public String postsTopic() {
        return getString(TOPIC_POSTS);
    }

    public String feedbackTopic() {
        return getString(TOPIC_FEEDBACK);
    }

    public String resultsTopic() {
        return getString(TOPIC_RESULTS);
    }

    public String deadLetterTopic() {
        return getString(TOPIC_DEAD_LETTER);
    }

    public String aggregatesTopic() {
        return getString(TOPIC_AGGREGATES);
    }

    /** Returns the topic of each key of {@link #TOPIC_KEYS}, in that order. */
    public List<String> topics() {
        return TOPIC_KEYS.stream().map(this::getString).toList();
    }

    /**
     * Rejects a topic name that Kafka does not allow, and two keys of {@link #TOPIC_KEYS} that name the same
     * topic, because no two roles can share one.
     * Kafka Streams cannot subscribe two sources to one topic. The outputs carry different value formats
     * (Avro results, raw dead-letter bytes, JSON aggregates). An output that is also an input would feed the
     * application its own records.
     *
     * @param values parsed values that contain every key of {@link #TOPIC_KEYS}
     * @throws ConfigException naming the key of an invalid name, or both keys and the topic
     */
    static void checkDistinctTopics(Map<String, ?> values) {
        Map<String, String> keyByTopic = new HashMap<>();
        for (String key : TOPIC_KEYS) {
            String topic = (String) values.get(key);
            try {
                Topic.validate(topic);
            } catch (InvalidTopicException e) {
                throw new ConfigException(key, topic, e.getMessage());
            }
            String earlierKey = keyByTopic.putIfAbsent(topic, key);
            if (earlierKey != null) {
                throw new ConfigException(String.format(
                        "Invalid configuration: %s and %s both name the topic %s, but each topic key must name its "
                                + "own topic. Set one of them to another topic.", earlierKey, key, topic));
            }
        }
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS);
    }

    public long batchMaxWaitMs() {
        return getLong(BATCH_MAX_WAIT_MS);
    }

    public long schemaRegistryRetryMaxMs() {
        return getLong(SCHEMA_REGISTRY_RETRY_MAX_MS);
    }

    public long eventTimeMaxFutureMs() {
        return getLong(EVENT_TIME_MAX_FUTURE_MS);
    }

    public int textMaxChars() {
        return getInt(TEXT_MAX_CHARS);
    }

    public String engineType() {
        return getString(ENGINE_TYPE);
    }

    public String enginePreset() {
        return getString(ENGINE_PRESET);
    }

    /**
     * Returns the QuickSilver settings: those of {@code engine.preset}, with each {@code quicksilver.*}
     * key given overriding one value.
     *
     * @throws ConfigException naming the key on an invalid value
     */
    public QuickSilverConfig quickSilverSettings() {
        Map<String, String> properties = new HashMap<>();
        for (Map.Entry<String, Object> entry : originals().entrySet()) {
            if (QUICKSILVER_KEYS.contains(entry.getKey())) {
                properties.put(entry.getKey(), String.valueOf(entry.getValue()));
            }
        }
        properties.put(QuickSilverConfig.PREFIX + "preset", enginePreset());
        try {
            return QuickSilverConfig.fromProperties(properties);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public long aggregateRetentionMs() {
        return getLong(AGGREGATE_RETENTION_MS);
    }

    public long aggregateWindowMs() {
        return getLong(AGGREGATE_WINDOW_MS);
    }

    public long aggregateGraceMs() {
        return getLong(AGGREGATE_GRACE_MS);
    }

    public long logSummaryIntervalMs() {
        return getLong(LOG_SUMMARY_INTERVAL_MS);
    }

    public int healthPort() {
        return getInt(HEALTH_PORT);
    }

    public String healthBindAddress() {
        return getString(HEALTH_BIND_ADDRESS);
    }

    public long shutdownTimeoutMs() {
        return getLong(SHUTDOWN_TIMEOUT_MS);
    }

    /** Returns true if group.instance.id is set for the main consumer, so this instance is a static member. */
    public boolean staticMembership() {
        String[] keys = {
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
            StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG
        };
        for (String key : keys) {
            Object value = originals().get(key);
            if (value != null && !value.toString().isBlank()) {
                return true;
            }
        }
        return false;
    }

    public boolean topicAutoCreate() {
        return getBoolean(TOPIC_AUTO_CREATE);
    }

    /** Returns the settings of the schema-registry client: the URL plus any authentication, TLS and timeout keys. */
    public Map<String, Object> registryClientConfig() {
        Map<String, Object> registryConfig = new HashMap<>();
        registryConfig.put(SerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl());
        for (Map.Entry<String, Object> entry : originals().entrySet()) {
            if (REGISTRY_CLIENT_KEYS.contains(entry.getKey())) {
                registryConfig.put(entry.getKey(), entry.getValue());
            }
        }
        return registryConfig;
    }

    public int topicPartitions() {
        return getInt(TOPIC_PARTITIONS);
    }

    /** Returns the replication factor of created topics, or -1 for min(3, number of brokers). */
    public int topicReplicationFactor() {
        return getInt(TOPIC_REPLICATION_FACTOR);
    }

    /** Returns the classifier settings; one ONNX Runtime call contains at most one batch. */
    public EngineConfig engineConfig() {
        String head = getString(ENGINE_HEAD);
        return new EngineConfig(
                getString(ENGINE_ENCODER),
                head == null || head.isBlank() ? null : head.trim(),
                getInt(ENGINE_THREADS),
                getInt(ENGINE_MAX_TOKENS),
                batchMaxRecords());
    }

    /**
     * Returns the properties for {@code KafkaStreams}: the Kafka keys declared here, every passed-through
     * key, and the Sentistream defaults for the timestamp extractor and the production exception handler
     * unless the configuration sets them.
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, UsePartitionTimeOnInvalidTimestamp.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, CountingProductionExceptionHandler.class.getName());
        // Kafka Streams 4.x warns at start-up unless this is set, and 5.0 makes it the default. The partition
        // assignor builds its own StreamsConfig from the main consumer's settings, so they need it as well.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);

        props.putAll(passThroughValues());

        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS));
        String stateDir = getString(STATE_DIR);
        if (stateDir != null && !stateDir.isBlank()) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        }
        return props;
    }

    /** Returns the keys that are not declared here, as given. */
    public Map<String, Object> passThroughValues() {
        Map<String, Object> passThrough = new HashMap<>();
        for (Map.Entry<String, Object> entry : originals().entrySet()) {
            String key = entry.getKey();
            if (!CONFIG_DEF.names().contains(key) && !REGISTRY_CLIENT_KEYS.contains(key) && !QUICKSILVER_KEYS.contains(key)) {
                passThrough.put(entry.getKey(), entry.getValue());
            }
        }
        return passThrough;
    }

    /**
     * Returns the max.poll.interval.ms of the main consumer, the most specific setting first:
     * main.consumer., consumer., then the plain key.
     */
    public int maxPollIntervalMs() {
        String[] keys = {
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
            StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
            ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG
        };
        for (String key : keys) {
            Object value = originals().get(key);
            if (value != null) {
                return (Integer) ConfigDef.parseType(key, value, Type.INT);
            }
        }
        return KAFKA_DEFAULT_MAX_POLL_INTERVAL_MS;
    }

    /**
     * Returns the max.request.size of the Kafka Streams producer, the most specific setting first: producer.,
     * then the plain key, else the Kafka default of 1 MiB.
     */
    public int maxProducerRequestBytes() {
        String[] keys = {
            StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG
        };
        for (String key : keys) {
            Object value = originals().get(key);
            if (value != null) {
                return (Integer) ConfigDef.parseType(key, value, Type.INT);
            }
        }
        return KAFKA_DEFAULT_MAX_REQUEST_SIZE;
    }

    /**
     * Returns the worst-case time in ms between buffering a record and finishing its batch: the wait, plus
     * one classify pass over a full batch per level of splitting in halves when inference fails.
     */
    public long worstCaseBatchMs() {
        int records = batchMaxRecords();
        int passes = 1 + (32 - Integer.numberOfLeadingZeros(records - 1));
        return batchMaxWaitMs() + (long) records * getLong(ENGINE_MAX_RECORD_MS) * passes;
    }

    /** Returns a validator that parses the registry URLs as the registry client will, so a typo fails at start. */
    private static ConfigDef.Validator registryUrls() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                new NonEmptyString().ensureValid(name, value);
                RestSchemaRegistryClient.parseUrls(value);
            }

            @Override
            public String toString() {
                return "http:// or https:// URLs, comma-separated";
            }
        };
    }

    private static Set<String> quickSilverKeys() {
        Set<String> keys = new java.util.TreeSet<>(QuickSilverPreset.OFF.config().toProperties().keySet());
        keys.remove(QuickSilverConfig.PREFIX + "preset");
        return Set.copyOf(keys);
    }

    private void rejectUnknownKeys() {
        for (String key : originals().keySet()) {
            if (!isKnownKey(key)) {
                throw unknownKey(key, originals().get(key));
            }
        }
    }

    /**
     * Parses the Kafka Streams, consumer, producer and admin settings as Kafka Streams will derive them, so
     * an invalid passed-through value such as {@code consumer.max.poll.records=-5} fails here with the other
     * configuration errors, before the model loads.
     */
    private void checkKafkaClientConfigs() {
        StreamsConfig streams = new StreamsConfig(streamsProperties(), false) {
        };
        parse("consumer", ConsumerConfig.configDef(), streams.getMainConsumerConfigs(applicationId(), "check", 0));
        parse("restore consumer", ConsumerConfig.configDef(), streams.getRestoreConsumerConfigs("check"));
        parse("producer", ProducerConfig.configDef(), streams.getProducerConfigs("check"));
        parse("admin client", AdminClientConfig.configDef(), streams.getAdminConfigs("check"));
    }

    private static void parse(String client, ConfigDef definition, Map<String, Object> values) {
        // Kafka Streams passes the byte-array (de)serializers when it creates the clients.
        Map<String, Object> withSerdes = new HashMap<>(values);
        withSerdes.putIfAbsent(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        withSerdes.putIfAbsent(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        withSerdes.putIfAbsent(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        withSerdes.putIfAbsent(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try {
            definition.parse(withSerdes);
        } catch (ConfigException e) {
            throw new ConfigException("Invalid Kafka " + client + " setting: " + e.getMessage());
        }
    }

    private void checkBatchTimeAgainstPollInterval() {
        long worstCase = worstCaseBatchMs();
        int maxPollInterval = maxPollIntervalMs();
        if (worstCase > maxPollInterval / 2) {
            throw new ConfigException(String.format(
                    "Invalid configuration: the worst-case batch time of %d ms (%s=%d plus %s=%d texts x %s=%d ms, "
                            + "repeated while a failing batch is split in halves) exceeds half of %s=%d. A stream "
                            + "thread that blocks longer than %s leaves the consumer group. Lower %s or %s, or raise "
                            + "%s to at least %d.",
                    worstCase, BATCH_MAX_WAIT_MS, batchMaxWaitMs(), BATCH_MAX_RECORDS, batchMaxRecords(),
                    ENGINE_MAX_RECORD_MS, getLong(ENGINE_MAX_RECORD_MS),
                    ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollInterval,
                    ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, BATCH_MAX_RECORDS, BATCH_MAX_WAIT_MS,
                    ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, worstCase * 2));
        }
    }

    /**
     * Rejects a registry retry time that, on top of a worst-case batch in the same poll loop, could keep the
     * stream thread from polling for more than half of max.poll.interval.ms.
     */
    private void checkRegistryRetryAgainstPollInterval() {
        long worstCase = worstCaseBatchMs() + schemaRegistryRetryMaxMs();
        int maxPollInterval = maxPollIntervalMs();
        if (worstCase > maxPollInterval / 2) {
            throw new ConfigException(String.format(
                    "Invalid configuration: %s=%d plus the worst-case batch time of %d ms is %d ms, more than half "
                            + "of %s=%d. A stream thread that blocks longer than %s leaves the consumer group. Lower "
                            + "%s, or raise %s to at least %d.",
                    SCHEMA_REGISTRY_RETRY_MAX_MS, schemaRegistryRetryMaxMs(), worstCaseBatchMs(), worstCase,
                    ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollInterval,
                    ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, SCHEMA_REGISTRY_RETRY_MAX_MS,
                    ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, worstCase * 2));
        }
    }
}
