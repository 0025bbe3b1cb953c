package org.sentistream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sentistream.registry.TestSchemas.intField;
import static org.sentistream.registry.TestSchemas.optionalString;
import static org.sentistream.registry.TestSchemas.record;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.registry.internals.RegistryHandler;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.RegistryRequestException;
import org.sentistream.serde.RestSchemaRegistryClient;

/** Registry servers on a {@link KafkaSchemaStore} against a real single-node KRaft cluster. */
class KafkaSchemaStoreTest {

    private static final int THREADS = 8;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static EmbeddedKafkaCluster kafka;

    private final List<SchemaRegistryServer> servers = new ArrayList<>();
    private String topic;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.builder().build().start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void pickTopic() {
        topic = "_schemas_test_" + TOPICS.incrementAndGet();
    }

    @AfterEach
    void stopServers() {
        servers.forEach(SchemaRegistryServer::close);
    }

    @Test
    void topicIsCompactedSinglePartition() throws Exception {
        startServer();

        try (Admin admin = kafka.admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

            assertEquals(1, description.partitions().size());
            assertEquals("compact", config.get("cleanup.policy").value());
        }
    }

    @Test
    void instancesShareSchemas() throws Exception {
        SchemaRegistryServer a = startServer();
        SchemaRegistryServer b = startServer();

        int id;
        try (RestSchemaRegistryClient viaA = new RestSchemaRegistryClient(a.url())) {
            id = viaA.register("social-posts-value", SocialPost.getClassSchema());
        }

        try (RestSchemaRegistryClient viaB = new RestSchemaRegistryClient(b.url())) {
            assertEquals(SocialPost.getClassSchema(), viaB.getSchemaById(id));
        }
        assertEquals("[1]", new Http(b.url()).get("/subjects/social-posts-value/versions").body());
    }

    @Test
    void restartKeepsIds() throws Exception {
        SchemaRegistryServer first = startServer();
        int postId;
        int thingId;
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(first.url())) {
            postId = client.register("social-posts-value", SocialPost.getClassSchema());
            thingId = client.register("things-value", schema(record("Thing", intField("a"))));
        }
        first.close();
        servers.remove(first);

        SchemaRegistryServer second = startServer();
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(second.url())) {
            assertEquals(SocialPost.getClassSchema(), client.getSchemaById(postId));
            assertEquals(thingId, client.register("things-value", schema(record("Thing", intField("a")))));
            int nextId = client.register("things-value", schema(record("Thing", intField("a"), optionalString("b"))));
            assertEquals(Math.max(postId, thingId) + 1, nextId);
        }
        assertEquals("[1,2]", new Http(second.url()).get("/subjects/things-value/versions").body());
    }

    @Test
    void concurrentRegistrationGivesOneId() throws Exception {
        SchemaRegistryServer a = startServer();
        SchemaRegistryServer b = startServer();

        Set<Integer> ids = registerConcurrently(List.of(a.url(), b.url()), i -> "social-posts-value");

        assertEquals(1, ids.size(), ids.toString());
        assertEquals("[1]", new Http(a.url()).get("/subjects/social-posts-value/versions").body());
        assertEquals("[1]", new Http(b.url()).get("/subjects/social-posts-value/versions").body());
    }

    @Test
    void concurrentSubjectsShareOneId() throws Exception {
        SchemaRegistryServer a = startServer();
        SchemaRegistryServer b = startServer();

        Set<Integer> ids = registerConcurrently(List.of(a.url(), b.url()), i -> "topic-" + i + "-value");

        assertEquals(1, ids.size(), ids.toString());
    }

    @Test
    void incompatibleIsRejectedAcrossInstances() throws Exception {
        SchemaRegistryServer a = startServer();
        SchemaRegistryServer b = startServer();
        try (RestSchemaRegistryClient viaA = new RestSchemaRegistryClient(a.url())) {
            viaA.register("things-value", schema(record("Thing", intField("a"))));
        }

        try (RestSchemaRegistryClient viaB = new RestSchemaRegistryClient(b.url())) {
            RegistryRequestException e = assertThrows(RegistryRequestException.class,
                    () -> viaB.register("things-value", schema(record("Thing", intField("a"), intField("c")))));
            assertEquals(409, e.status());
        }
    }

    @Test
    void compatibilityLevelIsShared() throws Exception {
        SchemaRegistryServer a = startServer();
        SchemaRegistryServer b = startServer();

        new Http(a.url()).put("/config/things-value", "{\"compatibility\":\"NONE\"}");
        try (RestSchemaRegistryClient viaB = new RestSchemaRegistryClient(b.url())) {
            viaB.register("things-value", schema(record("Thing", intField("a"))));
            int id = viaB.register("things-value", schema(record("Thing", intField("z"))));
            assertTrue(id > 0);
        }
    }

    @Test
    void deleteIsReplayedAfterRestart() throws Exception {
        SchemaRegistryServer first = startServer();
        int id;
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(first.url())) {
            id = client.register("things-value", schema(record("Thing", intField("a"))));
        }
        new Http(first.url()).delete("/subjects/things-value");
        first.close();
        servers.remove(first);

        SchemaRegistryServer second = startServer();
        Http http = new Http(second.url());
        assertEquals(404, http.get("/subjects/things-value/versions").status());
        assertEquals(200, http.get("/schemas/ids/" + id).status());
    }

    @Test
    void bodyAtLimitIsStored() throws Exception {
        SchemaRegistryServer server = startServer();
        String body = Http.JSON.createObjectNode()
                .put("schema", ServerEndpointsTest.bigSchema(RegistryHandler.MAX_BODY_BYTES - 100)).toString();
        assertTrue(body.length() <= RegistryHandler.MAX_BODY_BYTES, "body of " + body.length() + " bytes");

        Http.Response response = new Http(server.url()).post("/subjects/big-value/versions", body);

        assertEquals(200, response.status(), response.body());
        assertEquals(1, response.json().get("id").asInt());
    }

    @Test
    void oversizedRecordIs422BeforeWrite() throws Exception {
        SchemaRegistryServer server = startServer(Map.of("max.request.size", 20_000));
        Http http = new Http(server.url());

        Http.Response rejected = http.postSchema("/subjects/big-value/versions", ServerEndpointsTest.bigSchema(30_000));

        assertEquals(422, rejected.status(), rejected.body());
        assertEquals(42201, rejected.errorCode());
        assertTrue(rejected.json().get("message").asText().contains("too large to store"), rejected.body());
        assertTrue(rejected.json().get("message").asText().contains("max.request.size of 20000 bytes"),
                rejected.body());
        Http.Response small = http.postSchema("/subjects/big-value/versions", record("Thing", intField("a")));
        assertEquals(1, small.json().get("id").asInt(), "the rejected schema took no id");
    }

    @Test
    void softAndPermanentDeletesReplayed() throws Exception {
        SchemaRegistryServer first = startServer();
        Http http = new Http(first.url());
        http.put("/config/things-value", "{\"compatibility\": \"NONE\"}");
        http.postSchema("/subjects/things-value/versions", record("Thing", intField("a")));
        http.postSchema("/subjects/things-value/versions", record("Other", intField("b")));
        http.postSchema("/subjects/things-value/versions", record("Third", intField("c")));
        assertEquals("1", http.delete("/subjects/things-value/versions/1").body());
        assertEquals("1", http.delete("/subjects/things-value/versions/1?permanent=true").body());
        assertEquals("2", http.delete("/subjects/things-value/versions/2").body());
        assertEquals(40405, http.delete("/subjects/things-value?permanent=true").errorCode());
        first.close();
        servers.remove(first);

        Http restarted = new Http(startServer().url());

        assertEquals("[3]", restarted.get("/subjects/things-value/versions").body());
        assertEquals("[2,3]", restarted.get("/subjects/things-value/versions?deleted=true").body());
        assertEquals(40406, restarted.delete("/subjects/things-value/versions/2").errorCode());
    }

    private SchemaRegistryServer startServer() {
        return startServer(Map.of());
    }

    private SchemaRegistryServer startServer(Map<String, ?> clientConfigs) {
        KafkaSchemaStore store = KafkaSchemaStore.open(kafka.bootstrapServers(), topic, clientConfigs,
                Duration.ofSeconds(60), Duration.ofSeconds(30));
        SchemaRegistryServer server = SchemaRegistryServer.start("127.0.0.1", 0, store);
        servers.add(server);
        return server;
    }

    private interface SubjectForThread {
        String subject(int thread);
    }

    /** Registers SocialPost from every thread at once, alternating between the URLs, each thread with its own client. */
    private Set<Integer> registerConcurrently(List<String> urls, SubjectForThread subjects) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String subject = subjects.subject(i);
                String url = urls.get(i % urls.size());
                Callable<Integer> task = () -> {
                    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(url)) {
                        go.await();
                        return client.register(subject, SocialPost.getClassSchema());
                    }
                };
                results.add(pool.submit(task));
            }
            go.countDown();

            Set<Integer> ids = new HashSet<>();
            for (Future<Integer> result : results) {
                ids.add(result.get(60, TimeUnit.SECONDS));
            }
            return ids;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static Schema schema(String json) {
        return new Schema.Parser().parse(json);
    }
}
