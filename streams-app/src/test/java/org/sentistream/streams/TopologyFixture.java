package org.sentistream.streams;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.sentistream.engine.Classifiers;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.InferenceException;
import org.sentistream.engine.ModelInfo;
import org.sentistream.engine.Prediction;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.registry.SchemaStore;
import org.sentistream.registry.internals.InMemorySchemaStore;
import org.sentistream.schemas.FeedbackChannel;
import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.streams.internals.ProcessorMetrics;

/**
 * A TopologyTestDriver on the real topology, the real all-minilm-l6-v2 classifier and a real schema registry
 * server on 127.0.0.1. The classifier is loaded once per JVM and shared, because it is thread-safe.
 */
final class TopologyFixture implements AutoCloseable {

    static final String MARKER_FAIL = "FAIL-INFERENCE";
    static final Instant START = Instant.ofEpochMilli(1_700_000_040_000L);
    /** createdAt of the events built by {@link #post} and {@link #feedbackEvent}. */
    static final long CREATED_AT = 1_699_999_000_000L;

    private static SentimentClassifier classifier;

    final SchemaRegistryServer server;
    final RestSchemaRegistryClient client;
    final SentimentAppConfig config;
    final SentimentCounters counters = new SentimentCounters();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> posts;
    final TestInputTopic<byte[], byte[]> feedback;
    final TestOutputTopic<String, SentimentResult> results;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final TestOutputTopic<String, String> aggregates;
    private final AvroSerializer<SocialPost> postSerializer;
    private final AvroSerializer<FeedbackEvent> feedbackSerializer;

    /** Starts a driver with the given overrides of the Sentistream configuration. */
    TopologyFixture(Path stateDir, Map<String, String> overrides) {
        this(stateDir, overrides, sharedClassifier());
    }

    TopologyFixture(Path stateDir, Map<String, String> overrides, SentimentClassifier classifierToUse) {
        this(stateDir, overrides, classifierToUse, new InMemorySchemaStore());
    }

    /** Starts a driver whose registry server keeps its schemas in {@code store}, so a restarted server has them. */
    TopologyFixture(Path stateDir, Map<String, String> overrides, SentimentClassifier classifierToUse, SchemaStore store) {
        server = SchemaRegistryServer.start("127.0.0.1", 0, store);
        client = new RestSchemaRegistryClient(server.url());

        Map<String, String> values = new HashMap<>();
        values.put(SentimentAppConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9");
        values.put(SentimentAppConfig.SCHEMA_REGISTRY_URL, server.url());
        values.put(SentimentAppConfig.STATE_DIR, stateDir.toString());
        values.putAll(overrides);
        config = new SentimentAppConfig(values);

        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(SentimentTopology.build(config, classifierToUse, client, counters), props, START);

        posts = driver.createInputTopic(config.postsTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        feedback = driver.createInputTopic(config.feedbackTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        results = driver.createOutputTopic(config.resultsTopic(), new StringDeserializer(),
                new AvroDeserializer<>(client, SentimentResult.class));
        deadLetters = driver.createOutputTopic(config.deadLetterTopic(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        aggregates = driver.createOutputTopic(config.aggregatesTopic(), new StringDeserializer(), new StringDeserializer());
        postSerializer = new AvroSerializer<>(client);
        feedbackSerializer = new AvroSerializer<>(client);
    }

    static synchronized SentimentClassifier sharedClassifier() {
        if (classifier == null) {
            classifier = Classifiers.create(new EngineConfig("all-minilm-l6-v2", null, 2, 128, 32));
            Runtime.getRuntime().addShutdownHook(new Thread(classifier::close));
        }
        return classifier;
    }

    static SocialPost post(String id, String text) {
        return SocialPost.newBuilder()
                .setId(id)
                .setPlatform(Platform.MASTODON)
                .setAuthorId("author-" + id)
                .setText(text)
                .setLanguage("en")
                .setCreatedAt(CREATED_AT)
                .build();
    }

    static FeedbackEvent feedbackEvent(String id, String text) {
        return FeedbackEvent.newBuilder()
                .setId(id)
                .setChannel(FeedbackChannel.SUPPORT_TICKET)
                .setCustomerId("customer-" + id)
                .setProduct("router-x2")
                .setRating(2)
                .setText(text)
                .build();
    }

    byte[] bytes(SocialPost post) {
        return postSerializer.serialize(config.postsTopic(), post);
    }

    byte[] bytes(FeedbackEvent event) {
        return feedbackSerializer.serialize(config.feedbackTopic(), event);
    }

    void pipe(SocialPost post) {
        posts.pipeInput(post.getId().getBytes(), bytes(post), START);
    }

    /** Returns the sum of a sentistream metric over every node, for the tags given in name-value pairs. */
    double metric(String name, String... tags) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : driver.metrics().entrySet()) {
            MetricName metricName = entry.getKey();
            if (!metricName.group().equals(ProcessorMetrics.GROUP) || !metricName.name().equals(name)) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < tags.length; i += 2) {
                matches &= tags[i + 1].equals(metricName.tags().get(tags[i]));
            }
            if (matches) {
                sum += ((Number) entry.getValue().metricValue()).doubleValue();
            }
        }
        return sum;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.close();
        } finally {
            client.close();
            server.close();
        }
    }

    /** Decorates the real classifier to throw for any batch that contains a text with {@link #MARKER_FAIL}. */
    static final class FailingClassifier implements SentimentClassifier {

        private final SentimentClassifier delegate;
        int calls;

        FailingClassifier(SentimentClassifier delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Prediction> classify(List<String> texts) {
            calls++;
            for (String text : texts) {
                if (text.contains(MARKER_FAIL)) {
                    throw new InferenceException("Simulated ONNX Runtime failure");
                }
            }
            return delegate.classify(texts);
        }

        @Override
        public ModelInfo info() {
            return delegate.info();
        }

        @Override
        public void close() {
        }
    }
}
