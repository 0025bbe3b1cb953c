package org.sentistream.loadgen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Settings of a {@link LoadGenerator}. Create one with {@link #builder()}. Every setting except
 * the schema registry URL and the bootstrap servers has a default.
 */
public final class LoadGeneratorConfig {

    public static final String DEFAULT_POSTS_TOPIC = "social-posts";
    public static final String DEFAULT_FEEDBACK_TOPIC = "customer-feedback";
    public static final double DEFAULT_EVENTS_PER_SECOND = 200.0;
    public static final long DEFAULT_EVENTS = 1_000L;
    public static final double DEFAULT_POSTS_SHARE = 0.5;
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(2);

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final Path postsFile;
    private final Path feedbackFile;
    private final String postsTopic;
    private final String feedbackTopic;
    private final double eventsPerSecond;
    private final long events;
    private final double postsShare;
    private final double corruptFraction;
    private final boolean useSourceTimestamps;
    private final Map<String, Object> producerProperties;
    private final ProducerFactory producerFactory;
    private final ProgressListener progressListener;
    private final Duration progressInterval;
    private final AckListener ackListener;
    private final String runId;
    private final OptionalLong seed;

    private LoadGeneratorConfig(Builder builder) {
        this.bootstrapServers = builder.bootstrapServers;
        this.schemaRegistryUrl = builder.schemaRegistryUrl;
        this.postsFile = builder.postsFile;
        this.feedbackFile = builder.feedbackFile;
        this.postsTopic = builder.postsTopic;
        this.feedbackTopic = builder.feedbackTopic;
        this.eventsPerSecond = builder.eventsPerSecond;
        this.events = builder.events;
        this.postsShare = builder.postsShare;
        this.corruptFraction = builder.corruptFraction;
        this.useSourceTimestamps = builder.useSourceTimestamps;
        this.producerProperties = Map.copyOf(builder.producerProperties);
        this.producerFactory = builder.producerFactory;
        this.progressListener = builder.progressListener;
        this.progressInterval = builder.progressInterval;
        this.ackListener = builder.ackListener;
        this.runId = builder.runId != null ? builder.runId : randomRunId();
        this.seed = builder.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Kafka bootstrap servers, {@code host:port[,host:port...]}, or null when the producer properties or a custom factory supply them. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    /** JSONL file of posts, or null for the bundled sample. */
    public Path postsFile() {
        return postsFile;
    }

    /** JSONL file of feedback, or null for the bundled sample. */
    public Path feedbackFile() {
        return feedbackFile;
    }

    public String postsTopic() {
        return postsTopic;
    }

    public String feedbackTopic() {
        return feedbackTopic;
    }

    /** Target rate in events per second, where 0 means as fast as the producer accepts them. */
    public double eventsPerSecond() {
        return eventsPerSecond;
    }

    /** Events to send, corrupt ones included, where 0 means until {@link LoadGenerator#stop()}. */
    public long events() {
        return events;
    }

    /** Share of events that are posts, from 0 to 1. The rest are feedback. */
    public double postsShare() {
        return postsShare;
    }

    /** Share of the events of each topic sent as corrupt bytes instead of valid Avro, from 0 to 1. */
    public double corruptFraction() {
        return corruptFraction;
    }

    /** True when a row's {@code created_at} is used as the event time instead of the send time. */
    public boolean useSourceTimestamps() {
        return useSourceTimestamps;
    }

    /** Producer properties that override the generator's defaults. Schema registry keys go to the serializer. */
    public Map<String, Object> producerProperties() {
        return producerProperties;
    }

    public ProducerFactory producerFactory() {
        return producerFactory;
    }

    /** Progress callback, or null for none. */
    public ProgressListener progressListener() {
        return progressListener;
    }

    public Duration progressInterval() {
        return progressInterval;
    }

    /** Acknowledgement callback, or null for none. */
    public AckListener ackListener() {
        return ackListener;
    }

    /** Id of this run, part of every event id. */
    public String runId() {
        return runId;
    }

    /** Seed of the pseudonymous ids and corrupt bytes, or empty for a random seed. */
    public OptionalLong seed() {
        return seed;
    }

    private static String randomRunId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** Builder of {@link LoadGeneratorConfig}. */
    public static final class Builder {

        private String bootstrapServers;
        private String schemaRegistryUrl;
        private Path postsFile;
        private Path feedbackFile;
        private String postsTopic = DEFAULT_POSTS_TOPIC;
        private String feedbackTopic = DEFAULT_FEEDBACK_TOPIC;
        private double eventsPerSecond = DEFAULT_EVENTS_PER_SECOND;
        private long events = DEFAULT_EVENTS;
        private double postsShare = DEFAULT_POSTS_SHARE;
        private double corruptFraction;
        private boolean useSourceTimestamps;
        private final Map<String, Object> producerProperties = new LinkedHashMap<>();
        private ProducerFactory producerFactory = ProducerFactory.kafka();
        private boolean customProducerFactory;
        private ProgressListener progressListener;
        private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
        private AckListener ackListener;
        private String runId;
        private OptionalLong seed = OptionalLong.empty();

        private Builder() {
        }

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder schemaRegistryUrl(String schemaRegistryUrl) {
            this.schemaRegistryUrl = schemaRegistryUrl;
            return this;
        }

        /** Sets the JSONL file of posts, or null for the bundled sample. */
        public Builder postsFile(Path postsFile) {
            this.postsFile = postsFile;
            return this;
        }

        /** Sets the JSONL file of feedback, or null for the bundled sample. */
        public Builder feedbackFile(Path feedbackFile) {
            this.feedbackFile = feedbackFile;
            return this;
        }

        public Builder postsTopic(String postsTopic) {
            this.postsTopic = postsTopic;
            return this;
        }

        public Builder feedbackTopic(String feedbackTopic) {
            this.feedbackTopic = feedbackTopic;
            return this;
        }

        /** Sets the target rate in events per second, where 0 means no limit. */
        public Builder eventsPerSecond(double eventsPerSecond) {
            this.eventsPerSecond = eventsPerSecond;
            return this;
        }

        /** Sets the number of events to send, where 0 means until {@link LoadGenerator#stop()}. */
        public Builder events(long events) {
            this.events = events;
            return this;
        }

        /** Sets the share of posts among the events, from 0 to 1. */
        public Builder postsShare(double postsShare) {
            this.postsShare = postsShare;
            return this;
        }

        /** Sets the share of each topic's events sent as corrupt bytes, from 0 to 1. */
        public Builder corruptFraction(double corruptFraction) {
            this.corruptFraction = corruptFraction;
            return this;
        }

        public Builder useSourceTimestamps(boolean useSourceTimestamps) {
            this.useSourceTimestamps = useSourceTimestamps;
            return this;
        }

        /** Adds a producer property, overriding the generator's default for that key. */
        public Builder producerProperty(String key, Object value) {
            producerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds producer properties, overriding the generator's defaults for those keys. */
        public Builder producerProperties(Map<String, ?> properties) {
            properties.forEach(this::producerProperty);
            return this;
        }

        public Builder producerFactory(ProducerFactory producerFactory) {
            this.producerFactory = Objects.requireNonNull(producerFactory, "producerFactory");
            this.customProducerFactory = true;
            return this;
        }

        /** Sets a callback called every {@code interval} while the generator runs. */
        public Builder progressListener(ProgressListener listener, Duration interval) {
            this.progressListener = listener;
            this.progressInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        public Builder ackListener(AckListener ackListener) {
            this.ackListener = ackListener;
            return this;
        }

        /** Sets the run id used in event ids. The default is 8 random hex digits. */
        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        /** Fixes the seed of the pseudonymous ids and corrupt bytes, for repeatable runs. */
        public Builder seed(long seed) {
            this.seed = OptionalLong.of(seed);
            return this;
        }

        /**
         * Validates the settings and builds the configuration.
         *
         * @throws IllegalArgumentException naming the invalid setting
         */
        public LoadGeneratorConfig build() {
            requireText(schemaRegistryUrl, "schema registry URL",
                    "set it to the registry's base URL, for example http://127.0.0.1:8081");
            // A custom factory, such as a MockProducer in tests, may not need a broker address.
            if (isBlank(bootstrapServers) && !producerProperties.containsKey("bootstrap.servers")
                    && !customProducerFactory) {
                throw new IllegalArgumentException("Missing bootstrap servers: set them to host:port of a Kafka broker");
            }
            requireText(postsTopic, "posts topic", "set a topic name");
            requireText(feedbackTopic, "feedback topic", "set a topic name");
            if (runId != null && !runId.matches("[A-Za-z0-9_.]+")) {
                throw new IllegalArgumentException("Invalid run id '" + runId
                        + "': use letters, digits, '_' and '.' only, because '-' separates the parts of an event id");
            }

            if (!(eventsPerSecond >= 0.0) || Double.isInfinite(eventsPerSecond)) {
                throw new IllegalArgumentException("Invalid rate " + eventsPerSecond
                        + " events/s: expected a finite number >= 0 (0 means no limit)");
            }
            if (events < 0) {
                throw new IllegalArgumentException("Invalid event count " + events + ": expected >= 0 (0 means until stopped)");
            }
            requireShare(postsShare, "posts share");
            requireShare(corruptFraction, "corrupt fraction");
            if (progressInterval.isNegative() || progressInterval.isZero()) {
                throw new IllegalArgumentException("Invalid progress interval " + progressInterval + ": expected > 0");
            }
            return new LoadGeneratorConfig(this);
        }

        private static void requireShare(double value, String name) {
            if (!(value >= 0.0 && value <= 1.0)) {
                throw new IllegalArgumentException("Invalid " + name + " " + value + ": expected a number from 0 to 1");
            }
        }

        private static void requireText(String value, String name, String fix) {
            if (isBlank(value)) {
                throw new IllegalArgumentException("Missing " + name + ": " + fix);
            }
        }

        private static boolean isBlank(String value) {
            return value == null || value.isBlank();
        }
    }
}
