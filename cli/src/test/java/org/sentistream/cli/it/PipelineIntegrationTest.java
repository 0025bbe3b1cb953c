package org.sentistream.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.loadgen.LoadGenerator;
import org.sentistream.loadgen.LoadGeneratorConfig;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.streams.SentimentApp;
import org.sentistream.streams.SentimentAppConfig;

/**
 * The whole pipeline on a real broker: the load generator sends 200 real texts from the bundled
 * sample, the streams application classifies them with the real model, and a read_committed
 * consumer reads the results back. One corrupted record must come out as a dead letter.
 */
class PipelineIntegrationTest {

    private static final int EVENTS = 200;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void realTextsFlowThroughPipeline() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build().start();
             SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0)) {
            cluster.createTopics(Map.of("social-posts", 2, "customer-feedback", 2, "sentiment-results", 2,
                    "sentiment-dead-letter", 1, "sentiment-aggregates", 1));

            SentimentAppConfig config = SentimentAppConfig.load(null, Map.of(), Map.of(
                    "bootstrap.servers", cluster.bootstrapServers(),
                    "schema.registry.url", registry.url(),
                    "application.id", "pipeline-it",
                    "state.dir", cluster.baseDir().resolve("state").toString(),
                    "engine.encoder", "all-minilm-l6-v2",
                    "commit.interval.ms", "200"));

            try (SentimentApp app = SentimentApp.create(config)) {
                app.start();
                assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "app state " + app.state());

                LoadGenerator.Stats stats;
                try (LoadGenerator generator = new LoadGenerator(LoadGeneratorConfig.builder()
                        .bootstrapServers(cluster.bootstrapServers())
                        .schemaRegistryUrl(registry.url())
                        .eventsPerSecond(0)
                        .events(EVENTS)
                        .build())) {
                    stats = generator.run();
                }
                assertEquals(EVENTS, stats.acked());

                RecordMetadata corrupt = sendCorrupt(cluster);

                List<SentimentResult> results = new ArrayList<>();
                List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
                readBack(cluster, registry, results, deadLetters);

                assertEquals(EVENTS, results.size(), "results");
                Set<String> ids = new HashSet<>();
                for (SentimentResult result : results) {
                    ids.add(result.getInputId());
                    assertNotNull(result.getLabel(), "label of " + result.getInputId());
                    float sum = result.getProbNegative() + result.getProbNeutral() + result.getProbPositive();
                    assertEquals(1.0f, sum, 1e-3f, "probabilities of " + result.getInputId());
                }
                assertEquals(EVENTS, ids.size(), "distinct input ids");

                assertEquals(1, deadLetters.size(), "dead letters");
                ConsumerRecord<String, byte[]> deadLetter = deadLetters.get(0);
                assertEquals("BAD_MAGIC_BYTE", header(deadLetter, "dlq.reason"));
                assertEquals("social-posts", header(deadLetter, "dlq.source.topic"));
                assertEquals(Integer.toString(corrupt.partition()), header(deadLetter, "dlq.source.partition"));
                assertEquals(Long.toString(corrupt.offset()), header(deadLetter, "dlq.source.offset"));
            }
        }
    }

    private static RecordMetadata sendCorrupt(EmbeddedKafkaCluster cluster) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            byte[] notFramed = "{\"id\":\"json-instead-of-avro\"}".getBytes(StandardCharsets.UTF_8);
            return producer.send(new ProducerRecord<>("social-posts", "json-instead-of-avro", notFramed)).get();
        }
    }

    private static void readBack(EmbeddedKafkaCluster cluster, SchemaRegistryServer registry,
                                 List<SentimentResult> results, List<ConsumerRecord<String, byte[]>> deadLetters)
            throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-it-reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");

        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url());
             KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            AvroDeserializer<SentimentResult> deserializer = new AvroDeserializer<>(client, SentimentResult.class);
            consumer.subscribe(List.of("sentiment-results", "sentiment-dead-letter"));

            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while ((results.size() < EVENTS || deadLetters.isEmpty()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals("sentiment-dead-letter")) {
                        deadLetters.add(record);
                    } else {
                        results.add(deserializer.deserialize(record.topic(), record.value()));
                    }
                }
            }

            // Read a little longer so that a duplicate result or a second dead letter would show up.
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < settle) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals("sentiment-dead-letter")) {
                        deadLetters.add(record);
                    } else {
                        results.add(deserializer.deserialize(record.topic(), record.value()));
                    }
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
