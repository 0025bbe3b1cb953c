package org.sentistream.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.streams.internals.ConfigSources;
import org.slf4j.LoggerFactory;

class SentimentAppConfigTest {

    @TempDir
    Path dir;

    private static Map<String, String> required() {
        Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "127.0.0.1:9092");
        values.put("schema.registry.url", "http://127.0.0.1:8081");
        return values;
    }

    @Test
    void defaults() {
        SentimentAppConfig config = new SentimentAppConfig(required());

        assertEquals("sentistream", config.applicationId());
        assertEquals("social-posts", config.postsTopic());
        assertEquals("customer-feedback", config.feedbackTopic());
        assertEquals("sentiment-results", config.resultsTopic());
        assertEquals("sentiment-dead-letter", config.deadLetterTopic());
        assertEquals("sentiment-aggregates", config.aggregatesTopic());
        assertEquals(32, config.batchMaxRecords());
        assertEquals(200L, config.batchMaxWaitMs());
        assertEquals(5000, config.textMaxChars());
        assertEquals("quicksilver", config.engineType());
        assertEquals("balanced", config.quickSilverSettings().preset());
        assertEquals("e5-small-v2", config.engineConfig().encoder());
        assertNull(config.engineConfig().head());
        assertEquals(2, config.engineConfig().intraOpThreads());
        assertEquals(512, config.engineConfig().maxTokens());
        assertEquals(60_000L, config.aggregateWindowMs());
        assertEquals(-1, config.healthPort());
        Properties props = config.streamsProperties();
        assertEquals("exactly_once_v2", props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(1, props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertEquals("sentistream", props.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    @Test
    void invalidRegistryUrlRejected() {
        Map<String, String> values = required();
        values.put("schema.registry.url", "not a url");

        ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));

        assertTrue(thrown.getMessage().contains("schema.registry.url"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("not a url"), thrown.getMessage());
    }

    @Test
    void registryUrlListAccepted() {
        Map<String, String> values = required();
        values.put("schema.registry.url", "http://a:8081, https://b:8081");

        assertEquals("http://a:8081, https://b:8081", new SentimentAppConfig(values).schemaRegistryUrl());
    }

    @Test
    void requiredKeyMissing() {
        ConfigException thrown = assertThrows(ConfigException.class,
                () -> new SentimentAppConfig(Map.of("bootstrap.servers", "127.0.0.1:9092")));
        assertTrue(thrown.getMessage().contains("schema.registry.url"), thrown.getMessage());
    }

    @Test
    void precedenceFileEnvOverride() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "bootstrap.servers=broker:9092\nschema.registry.url=http://registry:8081\n"
                + "batch.max.records=10\nbatch.max.wait.ms=100\ntext.max.chars=300\n");
        Map<String, String> env = Map.of("SENTISTREAM_BATCH_MAX_RECORDS", "20", "SENTISTREAM_BATCH_MAX_WAIT_MS", "150");
        Map<String, String> overrides = Map.of("batch.max.records", "30");

        SentimentAppConfig config = SentimentAppConfig.load(file, env, overrides);

        assertEquals(30, config.batchMaxRecords(), "an override beats env and file");
        assertEquals(150L, config.batchMaxWaitMs(), "env beats file");
        assertEquals(300, config.textMaxChars(), "file beats default");
        assertEquals("broker:9092", config.bootstrapServers());
    }

    @Test
    void envUnknownVariableIgnored() {
        Map<String, String> env = new HashMap<>();
        env.put("SENTISTREAM_JAVA_OPTS", "-Xmx1g");
        env.put("SENTISTREAM_SKIP_BUILD", "1");
        env.put("SENTISTREAM_MAX_POLL_INTERVAL_MS", "600000");
        env.put("SENTISTREAM_BATCH_MAX_RECODS", "3");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ConfigSources.class);
        logger.addAppender(log);

        SentimentAppConfig config;
        try {
            config = SentimentAppConfig.load(null, env, required());
        } finally {
            logger.detachAppender(log);
        }

        assertEquals(600_000, config.maxPollIntervalMs());
        List<String> warnings = log.list.stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertEquals(1, warnings.size(), "only the misspelled variable is reported: " + warnings);
        assertTrue(warnings.get(0).contains("SENTISTREAM_BATCH_MAX_RECODS"), warnings.get(0));
        assertFalse(warnings.get(0).contains("3"), "the value is not logged: " + warnings.get(0));
    }

    @Test
    void envSetsHyphenatedKey() {
        Map<String, String> env = Map.of("SENTISTREAM_QUICKSILVER_KV_SKIP_HALTED", "banana");

        ConfigException thrown = assertThrows(ConfigException.class, () -> SentimentAppConfig.load(null, env, required()));

        assertTrue(thrown.getMessage().contains("quicksilver.kv.skip-halted"), thrown.getMessage());
    }

    @Test
    void envHyphenatedKeyValueApplied() {
        Map<String, String> env = Map.of("SENTISTREAM_QUICKSILVER_HALT_POOL_HALTED", "true");

        SentimentAppConfig config = SentimentAppConfig.load(null, env, required());

        assertTrue(config.quickSilverSettings().poolHalted());
    }

    @Test
    void invalidKafkaClientValueRejected() {
        for (String key : List.of("consumer.max.poll.records", "main.consumer.max.poll.records", "max.poll.records")) {
            Map<String, String> values = required();
            values.put(key, "-5");

            ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values), key);

            assertTrue(thrown.getMessage().contains("max.poll.records"), thrown.getMessage());
            assertTrue(thrown.getMessage().contains("-5"), thrown.getMessage());
        }

        Map<String, String> producer = required();
        producer.put("producer.linger.ms", "soon");
        ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(producer));
        assertTrue(thrown.getMessage().contains("linger.ms"), thrown.getMessage());
    }

    @Test
    void invalidValueNamesKey() {
        Map<String, String> values = required();
        values.put("batch.max.records", "0");

        ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));
        assertTrue(thrown.getMessage().contains("batch.max.records"), thrown.getMessage());
    }

    @Test
    void nonNumericValueNamesKey() {
        Map<String, String> values = required();
        values.put("batch.max.wait.ms", "fast");

        ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));
        assertTrue(thrown.getMessage().contains("batch.max.wait.ms"), thrown.getMessage());
    }

    @Test
    void invalidEncoderRejected() {
        Map<String, String> values = required();
        values.put("engine.encoder", "bert-huge");

        ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));
        assertTrue(thrown.getMessage().contains("engine.encoder"), thrown.getMessage());
    }

    @Test
    void unknownKeyRejected() {
        Map<String, String> values = required();
        values.put("batch.max.record", "10");

        ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));
        assertTrue(thrown.getMessage().contains("batch.max.record"), thrown.getMessage());
    }

    @Test
    void sharedTopicRejected() {
        Map<String, String> values = required();
        values.put("topic.feedback", "social-posts");

        ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));

        assertTrue(thrown.getMessage().contains("topic.posts and topic.feedback both name the topic social-posts"),
                thrown.getMessage());
    }

    @Test
    void invalidTopicNameRejected() {
        Map<String, String> values = required();
        values.put("topic.posts", "bad/name");

        ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));

        assertTrue(thrown.getMessage().contains("bad/name for configuration topic.posts"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("characters other than ASCII alphanumerics"), thrown.getMessage());
    }

    @Test
    void outputSharingTopicRejected() {
        Map<String, String> values = required();
        values.put("topic.results", "out");
        values.put("topic.aggregates", "out");

        ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));

        assertTrue(thrown.getMessage().contains("topic.results and topic.aggregates both name the topic out"),
                thrown.getMessage());
    }

    @Test
    void topicsFollowTopicKeys() {
        Map<String, String> values = required();
        values.put("topic.dead.letter", "dlq");

        SentimentAppConfig config = new SentimentAppConfig(values);

        assertEquals(SentimentAppConfig.TOPIC_KEYS.size(), config.topics().size());
        assertEquals(List.of("social-posts", "customer-feedback", "sentiment-results", "dlq",
                "sentiment-aggregates"), config.topics());
    }

    @Test
    void planRejectsSharedTopic() {
        ConfigException thrown = assertThrows(ConfigException.class,
                () -> TopicInitializer.Plan.fromValues(Map.of("topic.dead.letter", "sentiment-results")));

        assertTrue(thrown.getMessage().contains("topic.results and topic.dead.letter both name the topic "
                + "sentiment-results"), thrown.getMessage());
    }

    @Test
    void kafkaKeysPassThrough() {
        Map<String, String> values = required();
        values.put("max.poll.interval.ms", "600000");
        values.put("consumer.max.poll.records", "100");
        values.put("producer.linger.ms", "5");
        values.put("topic.retention.ms", "86400000");
        values.put("commit.interval.ms", "1000");

        Properties props = new SentimentAppConfig(values).streamsProperties();

        assertEquals("600000", props.get("max.poll.interval.ms"));
        assertEquals("100", props.get("consumer.max.poll.records"));
        assertEquals("5", props.get("producer.linger.ms"));
        assertEquals("86400000", props.get("topic.retention.ms"));
        assertEquals("1000", props.get("commit.interval.ms"));
        assertNull(props.get("topic.posts"), "Sentistream keys must not reach Kafka Streams");
        assertNull(props.get("batch.max.records"));
    }

    @Test
    void batchTimeBeyondPollInterval() {
        Map<String, String> values = required();
        values.put("batch.max.records", "64");
        values.put("max.poll.interval.ms", "60000");

        ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));
        assertTrue(thrown.getMessage().contains("batch.max.wait.ms"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("max.poll.interval.ms"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("batch.max.records"), thrown.getMessage());
    }

    @Test
    void mainConsumerPollIntervalWins() {
        Map<String, String> values = required();
        values.put("max.poll.interval.ms", "10000");
        values.put("main.consumer.max.poll.interval.ms", "900000");

        assertEquals(900_000, new SentimentAppConfig(values).maxPollIntervalMs());
    }

    @Test
    void worstCaseBatchTime() {
        SentimentAppConfig config = new SentimentAppConfig(required());

        // 200 ms wait + 32 texts x 250 ms x (1 + log2(32)) passes
        assertEquals(200 + 32 * 250 * 6, config.worstCaseBatchMs());
    }

    @Test
    void registryRetryBeyondPollInterval() {
        Map<String, String> values = required();
        values.put("schema.registry.retry.max.ms", "120000");

        ConfigException thrown = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));
        assertTrue(thrown.getMessage().contains("schema.registry.retry.max.ms=120000"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("max.poll.interval.ms=300000"), thrown.getMessage());
    }

    @Test
    void registryRetryWithinPollInterval() {
        Map<String, String> values = required();
        values.put("schema.registry.retry.max.ms", "120000");
        values.put("max.poll.interval.ms", "600000");

        assertEquals(120_000, new SentimentAppConfig(values).schemaRegistryRetryMaxMs());
    }

    @Test
    void eventTimeDefaults() {
        SentimentAppConfig config = new SentimentAppConfig(required());

        assertEquals(3_600_000, config.eventTimeMaxFutureMs());
        assertEquals(60_000, config.schemaRegistryRetryMaxMs());
    }

    @Test
    void referenceListsEveryKey() {
        String table = SentimentAppConfig.referenceMarkdown();

        for (String key : SentimentAppConfig.CONFIG_DEF.names()) {
            assertTrue(table.contains("| `" + key + "` |"), key);
        }
        assertTrue(table.contains("`SENTISTREAM_BATCH_MAX_WAIT_MS`"));
    }

    @Test
    void exampleFileLoads() throws Exception {
        Path file = dir.resolve("example.properties");
        try (var in = SentimentAppConfig.class.getResourceAsStream("example.properties")) {
            Files.copy(in, file);
        }

        SentimentAppConfig config = SentimentAppConfig.load(file, Map.of(), Map.of());

        assertEquals("localhost:9092", config.bootstrapServers());
    }

    @Test
    void registryKeysGoToClient() {
        Map<String, String> values = required();
        values.put("basic.auth.credentials.source", "USER_INFO");
        values.put("basic.auth.user.info", "reader:secret");
        values.put("schema.registry.ssl.truststore.location", "/etc/ssl/registry.jks");
        SentimentAppConfig config = new SentimentAppConfig(values);

        Map<String, Object> client = config.registryClientConfig();
        assertEquals("http://127.0.0.1:8081", client.get("schema.registry.url"));
        assertEquals("reader:secret", client.get("basic.auth.user.info"));
        assertEquals("/etc/ssl/registry.jks", client.get("schema.registry.ssl.truststore.location"));
        assertNull(config.streamsProperties().get("basic.auth.user.info"));
    }

    @Test
    void staticMembershipFromGroupInstanceId() {
        assertEquals(false, new SentimentAppConfig(required()).staticMembership());

        Map<String, String> values = required();
        values.put("main.consumer.group.instance.id", "instance-1");
        assertTrue(new SentimentAppConfig(values).staticMembership());
    }

    @Test
    void quicksilverEngineAccepted() {
        Map<String, String> values = required();
        values.put("engine.type", "quicksilver");
        values.put("engine.preset", "tokens");
        SentimentAppConfig config = new SentimentAppConfig(values);

        assertEquals("quicksilver", config.engineType());
        assertEquals("tokens", config.enginePreset());
        assertTrue(config.topicAutoCreate());
    }

    @Test
    void quicksilverKeyOverridesPresetValue() {
        Map<String, String> values = required();
        values.put("engine.preset", "tokens");
        values.put("quicksilver.fuse.percentile", "85");
        SentimentAppConfig config = new SentimentAppConfig(values);

        assertEquals(85.0, config.quickSilverSettings().fusePercentile());
        assertEquals("tokens", config.quickSilverSettings().preset());
        assertFalse(config.passThroughValues().containsKey("quicksilver.fuse.percentile"));
    }

    @Test
    void invalidQuicksilverValueRejected() {
        Map<String, String> values = required();
        values.put("quicksilver.fuse.percentile", "120");

        ConfigException e = assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));
        assertTrue(e.getMessage().contains("quicksilver.fuse.percentile"), e.getMessage());
    }

    @Test
    void misspelledQuicksilverKeyRejected() {
        Map<String, String> values = required();
        values.put("quicksilver.fuse.percentil", "80");

        assertThrows(ConfigException.class, () -> new SentimentAppConfig(values));
    }
}
