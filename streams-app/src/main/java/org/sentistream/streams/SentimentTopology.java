package org.sentistream.streams;

import java.util.Map;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.SchemaRegistryClient;
import org.sentistream.streams.internals.AggregateInput;
import org.sentistream.streams.internals.BatchProcessor;
import org.sentistream.streams.internals.DecodeProcessor;
import org.sentistream.streams.internals.EventTimeExtractor;
import org.sentistream.streams.internals.EventTimePolicy;
import org.sentistream.streams.internals.InputMapper;
import org.sentistream.streams.internals.InstanceState;
import org.sentistream.streams.internals.PendingInput;
import org.sentistream.streams.internals.PendingInputSerde;
import org.sentistream.streams.internals.RegistryRetry;
import org.sentistream.streams.internals.ResultKeyer;
import org.sentistream.streams.internals.WindowedCountProcessor;

/**
 * Builds the topology of the application, the same for the application and the tests.
 *
 * <pre>
 * posts-source ---- posts-decoder ----+--> batcher -----> results-sink        (topic.results, Avro)
 * feedback-source - feedback-decoder -+
 *            decoders and batcher ----------------------> dead-letter-sink    (topic.dead.letter, raw bytes)
 *
 * results-source (topic.results) --> result-keyer --> aggregate-input repartition topic, keyed by kind/source
 *     --> aggregator --> aggregates-sink (topic.aggregates, JSON)
 * </pre>
 *
 * Both inputs are read as raw bytes, so decoding failures reach the decoders, never the deserialization
 * exception handler. Each source has an {@link EventTimeExtractor}: the record time is the event's createdAt,
 * capped at {@code event.time.max.future.ms} ahead of the wall clock. The batcher buffers records in store
 * {@value #BATCH_STORE}.
 *
 * <p>The windowed counts read the results back from the results topic and repartition them by kind and
 * source. Counting right after the batcher would count per input partition, and every task would emit its
 * own partial count of a window under the same key. Kafka Streams creates and purges the repartition topic
 * {@code <application.id>-}{@value #AGGREGATE_REPARTITION}{@code -repartition} itself. The aggregator keeps
 * its open windows in store {@value #AGGREGATE_STORE}. Both stores are in memory with a changelog topic.
 */
public final class SentimentTopology {

    public static final String POSTS_SOURCE = "posts-source";
    public static final String FEEDBACK_SOURCE = "feedback-source";
    public static final String POSTS_DECODER = "posts-decoder";
    public static final String FEEDBACK_DECODER = "feedback-decoder";
    public static final String BATCHER = "batcher";
    public static final String RESULTS_SOURCE = "results-source";
    public static final String RESULT_KEYER = "result-keyer";
    public static final String AGGREGATE_REPARTITION = "aggregate-input";
    public static final String AGGREGATOR = "aggregator";
    public static final String RESULTS_SINK = "results-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String AGGREGATES_SINK = "aggregates-sink";

    public static final String BATCH_STORE = "batch-buffer";
    public static final String AGGREGATE_STORE = "aggregate-windows";

    private SentimentTopology() {
    }

    /**
     * Returns the number of partitions the application's consumer group is assigned: the posts and feedback
     * topics, the results topic read back for the aggregates, and the aggregate repartition topic, which Kafka
     * Streams creates with the results topic's partition count.
     */
    public static int consumedPartitions(int inputPartitionsPerTopic, int resultPartitions) {
        return 2 * inputPartitionsPerTopic + 2 * resultPartitions;
    }

    /** Builds the topology with its own counters. */
    public static Topology build(SentimentAppConfig config, SentimentClassifier classifier, SchemaRegistryClient registry) {
        return build(config, classifier, registry, new SentimentCounters());
    }

    /**
     * Builds the topology.
     *
     * @param classifier shared by every task; its {@code classify} must be thread-safe
     * @param registry schema registry client, used to decode inputs and to register the result schema
     *                 under {@code <topic.results>-value}
     * @param counters totals that the processors update and the summary log reports
     */
    public static Topology build(SentimentAppConfig config, SentimentClassifier classifier, SchemaRegistryClient registry,
            SentimentCounters counters) {
        return build(config, classifier, registry, InstanceState.create(counters, config.logSummaryIntervalMs(),
                config.maxProducerRequestBytes()));
    }

    /** Builds the topology on the shared state of an application instance. */
    public static Topology build(SentimentAppConfig config, SentimentClassifier classifier, SchemaRegistryClient registry,
            InstanceState instance) {
        AvroDeserializer<SocialPost> posts = new AvroDeserializer<>(registry, SocialPost.class);
        AvroDeserializer<FeedbackEvent> feedback = new AvroDeserializer<>(registry, FeedbackEvent.class);
        EventTimePolicy eventTime = EventTimePolicy.systemClock(config.eventTimeMaxFutureMs());
        RegistryRetry registryRetry = new RegistryRetry(config.schemaRegistryRetryMaxMs(), instance.closing()::get);
        DecodeProcessor.Settings settings = new DecodeProcessor.Settings(config.textMaxChars(), eventTime, registryRetry);

        // A Topology built without a config checks a near-empty StreamsConfig, which warns about the global
        // processing exception handler on every start.
        TopologyConfig topologyConfig = new TopologyConfig(new StreamsConfig(config.streamsProperties()));
        Topology topology = aggregates(config, registry, registryRetry, topologyConfig);
        // A null offset reset keeps the auto.offset.reset of the configuration.
        topology.addSource((AutoOffsetReset) null, POSTS_SOURCE, new EventTimeExtractor<>(posts, SocialPost::getCreatedAt, eventTime),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.postsTopic());
        topology.addSource((AutoOffsetReset) null, FEEDBACK_SOURCE, new EventTimeExtractor<>(feedback, FeedbackEvent::getCreatedAt, eventTime),
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.feedbackTopic());

        topology.addProcessor(POSTS_DECODER, () -> new DecodeProcessor<>(POSTS_DECODER, posts, InputMapper.posts(),
                SocialPost::getCreatedAt, settings, instance, BATCHER, DEAD_LETTER_SINK), POSTS_SOURCE);
        topology.addProcessor(FEEDBACK_DECODER, () -> new DecodeProcessor<>(FEEDBACK_DECODER, feedback,
                InputMapper.feedback(), FeedbackEvent::getCreatedAt, settings, instance, BATCHER, DEAD_LETTER_SINK),
                FEEDBACK_SOURCE);

        BatchProcessor.Targets targets = new BatchProcessor.Targets(RESULTS_SINK, DEAD_LETTER_SINK);
        topology.addProcessor(BATCHER, () -> new BatchProcessor(BATCHER, BATCH_STORE, config.batchMaxRecords(),
                config.batchMaxWaitMs(), classifier, instance, targets), POSTS_DECODER, FEEDBACK_DECODER);
        topology.addStateStore(batchStore(), BATCHER);


        topology.addSink(RESULTS_SINK, config.resultsTopic(), new StringSerializer(),
                new AvroSerializer<SentimentResult>(registry), BATCHER);
        topology.addSink(DEAD_LETTER_SINK, config.deadLetterTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
                POSTS_DECODER, FEEDBACK_DECODER, BATCHER);
        return topology;
    }

    /**
     * Builds the windowed counts with the DSL, because only the DSL creates and purges a repartition topic.
     * The caller adds the processor nodes of the inputs to the returned topology.
     */
    private static Topology aggregates(SentimentAppConfig config, SchemaRegistryClient registry,
            RegistryRetry registryRetry, TopologyConfig topologyConfig) {
        AvroDeserializer<SentimentResult> results = new AvroDeserializer<>(registry, SentimentResult.class);
        long windowMs = config.aggregateWindowMs();
        long graceMs = config.aggregateGraceMs();
        long retentionMs = config.aggregateRetentionMs();

        StreamsBuilder builder = new StreamsBuilder(topologyConfig);
        builder.addStateStore(aggregateStore());
        // Earliest, so the results written before this sub-topology's first commit are counted too.
        builder.stream(config.resultsTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName(RESULTS_SOURCE)
                        .withOffsetResetPolicy(AutoOffsetReset.earliest()))
                .process(() -> new ResultKeyer(RESULT_KEYER, results, registryRetry), Named.as(RESULT_KEYER))
                .repartition(Repartitioned.<String, AggregateInput>as(AGGREGATE_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(AggregateInput.serde()))
                .process(() -> new WindowedCountProcessor(AGGREGATOR, AGGREGATE_STORE, windowMs, graceMs, retentionMs),
                        Named.as(AGGREGATOR), AGGREGATE_STORE)
                .to(config.aggregatesTopic(), Produced.with(Serdes.String(), Serdes.String()).withName(AGGREGATES_SINK));
        return builder.build();
    }

    private static StoreBuilder<KeyValueStore<Long, PendingInput>> batchStore() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BATCH_STORE), Serdes.Long(), new PendingInputSerde())
                .withLoggingEnabled(Map.of());
    }

    private static StoreBuilder<KeyValueStore<String, String>> aggregateStore() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AGGREGATE_STORE), Serdes.String(), Serdes.String())
                .withLoggingEnabled(Map.of());
    }
}
