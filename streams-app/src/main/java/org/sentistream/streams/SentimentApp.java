package org.sentistream.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.sentistream.engine.Classifiers;
import org.sentistream.engine.ModelInfo;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.engine.quicksilver.QuickSilver;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.serde.SchemaRegistryClient;
import org.sentistream.streams.internals.BrokerRecordLimit;
import org.sentistream.streams.internals.CountingProductionExceptionHandler;
import org.sentistream.streams.internals.HealthServer;
import org.sentistream.streams.internals.InstanceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sentistream streams application: one Kafka Streams instance running {@link SentimentTopology} with one
 * shared classifier.
 *
 * <p>The classifier loads before Kafka Streams starts, because a model load takes seconds and a stream thread
 * must not spend them inside a poll loop. A failed stream thread is logged and replaced. The instance owns the
 * classifier and the registry client, and {@link #close(Duration)} closes Kafka Streams, then the classifier
 * (only if Kafka Streams closed in time), then the registry client.
 *
 * <pre>{@code
 * SentimentAppConfig config = SentimentAppConfig.load(Path.of("app.properties"), System.getenv(), Map.of());
 * try (SentimentApp app = SentimentApp.create(config)) {
 *     app.start();
 *     ...
 * }
 * }</pre>
 */
public final class SentimentApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SentimentApp.class);

    /** Maximum wait for each admin request at start, for topic creation and for the brokers' record limits. */
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final SentimentAppConfig config;
    private final SentimentClassifier classifier;
    private final SchemaRegistryClient registry;
    private final SentimentCounters counters = new SentimentCounters();
    private final InstanceState instance;
    private final KafkaStreams streams;
    private HealthServer health;
    private boolean closed;

    /**
     * Creates an instance on a classifier and a registry client that it takes ownership of.
     *
     * @throws org.apache.kafka.common.config.ConfigException if the Kafka Streams properties are invalid
     */
    public SentimentApp(SentimentAppConfig config, SentimentClassifier classifier, SchemaRegistryClient registry) {
        this.config = config;
        this.classifier = classifier;
        this.registry = registry;

        this.instance = InstanceState.create(counters, config.logSummaryIntervalMs(),
                config.maxProducerRequestBytes());
        Topology topology = SentimentTopology.build(config, classifier, registry, instance);
        LOG.debug("Topology:\n{}", topology.describe());
        Properties props = config.streamsProperties();
        props.put(CountingProductionExceptionHandler.COUNTERS_CONFIG, counters);
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("Stream thread {} failed; replacing it. Its tasks restart from the last commit.",
                    Thread.currentThread().getName(), exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((newState, oldState) ->
                LOG.info("Kafka Streams state of {} changed from {} to {}", config.applicationId(), oldState, newState));
    }

    /**
     * Creates an instance with the classifier and registry client that the configuration describes. The model
     * is loaded here, before Kafka Streams starts.
     *
     * @throws IllegalArgumentException if the engine type, encoder or head is invalid
     */
    public static SentimentApp create(SentimentAppConfig config) {
        long startNanos = System.nanoTime();
        SentimentClassifier classifier = "quicksilver".equals(config.engineType())
                ? QuickSilver.create(config.engineConfig(), config.quickSilverSettings())
                : Classifiers.create(config.engineConfig());
        ModelInfo model = classifier.info();
        LOG.info("Loaded classifier {} ({}, {}) in {} ms", model.modelId(), model.engine(), model.modelVersion(),
                (System.nanoTime() - startNanos) / 1_000_000);

        RestSchemaRegistryClient registry = new RestSchemaRegistryClient(config.registryClientConfig());
        try {
            return new SentimentApp(config, classifier, registry);
        } catch (RuntimeException e) {
            classifier.close();
            closeQuietly(registry);
            throw e;
        }
    }

    /** Returns the encoder, head and engine of the classifier. */
    public ModelInfo model() {
        return classifier.info();
    }

    /**
     * Starts Kafka Streams and, if {@code health.port} is not -1, the health endpoint.
     *
     * @throws UncheckedIOException if the health endpoint cannot bind its port
     */
    public synchronized void start() {
        LOG.info("Starting {}: reading {} and {}, writing results to {}, dead letters to {}, aggregates to {}",
                config.applicationId(), config.postsTopic(), config.feedbackTopic(), config.resultsTopic(),
                config.deadLetterTopic(), config.aggregatesTopic());
        try (Admin admin = Admin.create(TopicInitializer.adminProperties(config))) {
            if (config.topicAutoCreate()) {
                new TopicInitializer(admin, ADMIN_TIMEOUT).ensureTopics(TopicInitializer.Plan.of(config));
            }
            applyBrokerRecordLimit(admin);
        }
        streams.start();

        if (config.healthPort() >= 0) {
            try {
                health = HealthServer.start(config.healthBindAddress(), config.healthPort(), streams::state, streams::metrics);
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to start the health endpoint on " + config.healthBindAddress()
                        + ":" + config.healthPort() + "; choose a free health.port or set it to -1", e);
            }
        }
    }

    /**
     * Lowers the record limit of dead letters and buffered records to the brokers' limits. A write over them
     * fails with RecordTooLargeException, which under exactly_once_v2 replays the input forever.
     */
    private void applyBrokerRecordLimit(Admin admin) {
        int maxRequestBytes = config.maxProducerRequestBytes();
        int limit = BrokerRecordLimit.lookup(admin, config.deadLetterTopic(), maxRequestBytes, ADMIN_TIMEOUT);
        instance.recordLimit().set(limit);
        if (limit < maxRequestBytes) {
            LOG.info("Records written by {} are limited to {} bytes, below max.request.size={}, by the brokers' "
                    + "message.max.bytes or the max.message.bytes of topic {}; larger dead letters are written "
                    + "without their value", config.applicationId(), limit, maxRequestBytes, config.deadLetterTopic());
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Returns the running totals: records in, results, dead letters, tombstones, batches. */
    public SentimentCounters.Snapshot counters() {
        return counters.snapshot();
    }

    /** Returns the Kafka Streams metrics, including the {@code sentistream-metrics} group. */
    public Map<MetricName, ? extends Metric> metrics() {
        return streams.metrics();
    }

    /** Returns the port of the health endpoint, or -1 if it is not running. */
    public int healthPort() {
        return health == null ? -1 : health.port();
    }

    /**
     * Waits until Kafka Streams is RUNNING.
     *
     * @return false if the timeout passed or Kafka Streams stopped first
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * Closes Kafka Streams within {@code timeout}, then the health endpoint, the classifier and the registry
     * client. A registry retry in progress stops at its next attempt. If Kafka Streams does not close in time,
     * the classifier stays open, because a stream thread may still be inside it. Calling it again does nothing.
     *
     * @return false if Kafka Streams did not finish closing within the timeout
     */
    public synchronized boolean close(Duration timeout) {
        if (closed) {
            return true;
        }
        closed = true;

        LOG.info("Closing {} (timeout {} ms)", config.applicationId(), timeout.toMillis());
        instance.closing().set(true);
        // A dynamic member leaves the group at once, so its partitions move without waiting for
        // session.timeout.ms. A static member stays, so a restart within the session timeout causes no rebalance.
        CloseOptions.GroupMembershipOperation membership = config.staticMembership()
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
        boolean streamsClosed = streams.close(CloseOptions.timeout(timeout).withGroupMembershipOperation(membership));
        if (health != null) {
            health.close();
        }
        if (streamsClosed) {
            classifier.close();
        } else {
            // Closing the ONNX session under a stream thread still inside classify() frees native memory that
            // thread is reading. The process is exiting, so leaving it open costs nothing.
            LOG.warn("Kafka Streams did not close within {} ms; leaving the classifier open because a stream "
                    + "thread may still be using it. Uncommitted work is aborted and redone by the next owner.",
                    timeout.toMillis());
        }
        closeQuietly(registry);

        SentimentCounters.Snapshot totals = counters.snapshot();
        LOG.info("Closed {}: {} records in, {} results, {} dead letters, {} tombstones skipped, {} batches",
                config.applicationId(), totals.recordsIn(), totals.results(), totals.deadLetters(),
                totals.tombstones(), totals.batches());
        return streamsClosed;
    }

    /** Closes with the {@code shutdown.timeout.ms} of the configuration. */
    @Override
    public void close() {
        close(Duration.ofMillis(config.shutdownTimeoutMs()));
    }

    private static void closeQuietly(SchemaRegistryClient registry) {
        try {
            registry.close();
        } catch (IOException e) {
            LOG.warn("Failed to close the schema registry client", e);
        }
    }
}
