package org.sentistream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sentistream.registry.TestSchemas.intField;
import static org.sentistream.registry.TestSchemas.record;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.RegistryRequestException;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.serde.SchemaNotFoundException;
import org.sentistream.serde.SerdeConfig;

class RestClientTest {

    private SchemaRegistryServer server;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registeredSchemaIsFetched() throws Exception {
        try (RestSchemaRegistryClient writer = new RestSchemaRegistryClient(server.url());
             RestSchemaRegistryClient reader = new RestSchemaRegistryClient(server.url())) {
            int id = writer.register("posts-value", SocialPost.getClassSchema());

            assertEquals(SocialPost.getClassSchema(), reader.getSchemaById(id));
        }
    }

    @Test
    void registerIsCached() throws Exception {
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url())) {
            int id = client.register("posts-value", SocialPost.getClassSchema());
            long afterFirst = server.requestCount();

            int again = client.register("posts-value", SocialPost.getClassSchema());
            Schema fetched = client.getSchemaById(id);

            assertEquals(id, again);
            assertEquals(SocialPost.getClassSchema(), fetched);
            assertEquals(afterFirst, server.requestCount());
        }
    }

    @Test
    void fetchIsCached() throws Exception {
        int id;
        try (RestSchemaRegistryClient writer = new RestSchemaRegistryClient(server.url())) {
            id = writer.register("posts-value", SocialPost.getClassSchema());
        }

        try (RestSchemaRegistryClient reader = new RestSchemaRegistryClient(server.url())) {
            long before = server.requestCount();
            reader.getSchemaById(id);
            reader.getSchemaById(id);

            assertEquals(before + 1, server.requestCount());
        }
    }

    @Test
    void unknownIdThrowsNotFound() throws Exception {
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url())) {
            SchemaNotFoundException e = assertThrows(SchemaNotFoundException.class, () -> client.getSchemaById(4242));

            assertEquals(4242, e.schemaId());
            assertTrue(e.getMessage().contains("4242"), e.getMessage());
        }
    }

    @Test
    void incompatibleSchemaIsRejected() throws Exception {
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url())) {
            client.register("things-value", new Schema.Parser().parse(record("Thing", intField("a"))));
            Schema incompatible = new Schema.Parser().parse(record("Thing", intField("a"), intField("c")));

            RegistryRequestException e = assertThrows(RegistryRequestException.class,
                    () -> client.register("things-value", incompatible));

            assertEquals(409, e.status());
            assertEquals(409, e.errorCode());
        }
    }

    @Test
    void downRegistryThrowsIoException() throws Exception {
        Map<String, Object> configs = Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + freePort(),
                SerdeConfig.MAX_RETRIES, 2,
                SerdeConfig.RETRY_BACKOFF_MS, 10);
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(configs)) {
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> client.getSchemaById(1));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertFalse(e instanceof SchemaNotFoundException);
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
            assertTrue(elapsedMs < 5_000, "gave up after " + elapsedMs + " ms");
        }
    }

    @Test
    void firstAnsweringUrlIsUsed() throws Exception {
        String urls = "http://127.0.0.1:" + freePort() + " , " + server.url();
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, urls, SerdeConfig.MAX_RETRIES, 0))) {

            int id = client.register("posts-value", SocialPost.getClassSchema());

            assertEquals(1, id);
            assertEquals(2, client.baseUrls().size());
        }
    }

    @Test
    void basicAuthIsAccepted() throws Exception {
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, server.url(),
                SerdeConfig.BASIC_AUTH_USER_INFO, "alice:secret"))) {

            assertEquals(1, client.register("posts-value", SocialPost.getClassSchema()));
        }
    }

    @Test
    void missingUrlIsConfigError() {
        assertThrows(ConfigException.class, () -> new RestSchemaRegistryClient(Map.of()));
    }

    @Test
    void nonHttpUrlIsConfigError() {
        assertThrows(ConfigException.class, () -> new RestSchemaRegistryClient("ftp://127.0.0.1:21"));
    }

    @Test
    void zeroTimeoutIsConfigError() {
        Map<String, Object> configs = Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, server.url(), SerdeConfig.REQUEST_TIMEOUT_MS, "0");

        assertThrows(ConfigException.class, () -> new RestSchemaRegistryClient(configs));
    }

    /** Returns a port that nothing listens on: bound once, then released. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
