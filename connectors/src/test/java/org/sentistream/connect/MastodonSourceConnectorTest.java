package org.sentistream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.connect.internals.Pseudonymizer;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.RestSchemaRegistryClient;

/**
 * The Mastodon source in a real standalone worker against a real broker and registry, reading a
 * local stand-in server that replays Status fixtures.
 */
class MastodonSourceConnectorTest {

    private static final String TOPIC = "social-posts";
    private static final String HASH_KEY = "test-author-key";

    private static EmbeddedKafkaCluster kafka;
    private static SchemaRegistryServer registry;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startCluster() {
        kafka = EmbeddedKafkaCluster.builder().build().start();
        kafka.createTopics(Map.of(TOPIC, 1, "social-posts-mapping", 1));
        registry = SchemaRegistryServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopCluster() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void streamsBackfillsAndResumes() throws Exception {
        try (MastodonFixtureServer mastodon = new MastodonFixtureServer()) {
            String prefix = "mastodon:127.0.0.1:11352498761732500";
            Path offsets = workDir.resolve("offsets");

            // First connection: a post, a reblog, a private post, a post; then it drops. Status 5
            // appears on the REST timeline meanwhile, and the second connection repeats it.
            mastodon.publish(1, 4, 5);
            mastodon.queueStream(1, 2, 3, 4);
            mastodon.queueStream(5);
            try (ConnectTestWorker worker = ConnectTestWorker.start(kafka.bootstrapServers(), registry.url(), offsets)) {
                worker.createConnector("mastodon", connectorConfig(mastodon.baseUrl()));
                List<SocialPost> first = posts(3);
                assertEquals(List.of(prefix + "1", prefix + "4", prefix + "5"), ids(first));
            }

            // While the worker is down statuses 6 and 7 are posted; the stream then repeats 7 and adds 8.
            mastodon.publish(6, 7);
            mastodon.queueStream(7, 8);
            try (ConnectTestWorker worker = ConnectTestWorker.start(kafka.bootstrapServers(), registry.url(), offsets)) {
                worker.createConnector("mastodon", connectorConfig(mastodon.baseUrl()));
                List<SocialPost> all = posts(6);
                assertEquals(List.of(prefix + "1", prefix + "4", prefix + "5", prefix + "6", prefix + "7", prefix + "8"),
                        ids(all));
            }

            assertTrue(mastodon.requests().contains("/api/v1/timelines/public?limit=40&min_id=113524987617325005"),
                    "restart backfills after the committed status id: " + mastodon.requests());
        }
    }

    @Test
    void mapsStatusWithoutPersonalFields() throws Exception {
        try (MastodonFixtureServer mastodon = new MastodonFixtureServer()) {
            mastodon.queueStream(1, 4);
            List<ConsumerRecord<String, byte[]>> raw;
            try (ConnectTestWorker worker = ConnectTestWorker.start(kafka.bootstrapServers(), registry.url(),
                    workDir.resolve("offsets"))) {
                Map<String, String> config = connectorConfig(mastodon.baseUrl());
                config.put("topic", "social-posts-mapping");
                worker.createConnector("mastodon-mapping", config);
                raw = ConnectTestWorker.consumeBytes(kafka.bootstrapServers(), "social-posts-mapping", 2, Duration.ofSeconds(30));
            }
            assertEquals(2, raw.size());

            SocialPost english;
            SocialPost german;
            try (AvroDeserializer<SocialPost> deserializer = new AvroDeserializer<>(
                    new RestSchemaRegistryClient(registry.url()), SocialPost.class)) {
                english = deserializer.deserialize("social-posts-mapping", raw.get(0).value());
                german = deserializer.deserialize("social-posts-mapping", raw.get(1).value());
            }

            assertEquals(english.getId(), raw.get(0).key());
            assertEquals(Platform.MASTODON, english.getPlatform());
            assertEquals("Just switched our team to the new release and it is \"fantastic\" & fast! #RustLang\n\n"
                    + "Docs: https://example.org/releases/2026/notes", english.getText());
            assertEquals("en", english.getLanguage());
            assertEquals(List.of("rustlang"), english.getHashtags());
            assertEquals(1_795_166_102_000L, english.getCreatedAt());
            assertNull(english.getUrl());
            assertEquals(new Pseudonymizer(HASH_KEY).pseudonym("https://social.example/@ada_lovelace"), english.getAuthorId());

            assertEquals("@user Das Update hat leider alles kaputt gemacht.\nSehr „enttäuscht“ \uD83D\uDE1E", german.getText());
            assertEquals("de", german.getLanguage());

            for (ConsumerRecord<String, byte[]> record : raw) {
                String bytes = new String(record.value(), StandardCharsets.UTF_8);
                assertFalse(bytes.contains("ada_lovelace"), "handle leaked into " + record.key());
                assertFalse(bytes.contains("Lovelace"), "display name leaked into " + record.key());
                assertFalse(bytes.contains("avatars"), "avatar leaked into " + record.key());
            }
        }
    }

    private static Map<String, String> connectorConfig(String baseUrl) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.sentistream.connect.mastodon.MastodonSourceConnector");
        config.put("tasks.max", "1");
        config.put("mastodon.url", baseUrl);
        config.put("topic", TOPIC);
        config.put("author.hash.key", HASH_KEY);
        config.put("requests.per.second", "20");
        config.put("reconnect.backoff.initial.ms", "100");
        config.put("reconnect.backoff.max.ms", "1000");
        return config;
    }

    private static List<SocialPost> posts(int expected) throws Exception {
        try (AvroDeserializer<SocialPost> deserializer = new AvroDeserializer<>(
                new RestSchemaRegistryClient(registry.url()), SocialPost.class)) {
            return ConnectTestWorker.consume(kafka.bootstrapServers(), TOPIC, deserializer, expected, Duration.ofSeconds(30))
                    .stream().map(ConsumerRecord::value).toList();
        }
    }

    private static List<String> ids(List<SocialPost> posts) {
        return posts.stream().map(SocialPost::getId).collect(Collectors.toList());
    }
}
