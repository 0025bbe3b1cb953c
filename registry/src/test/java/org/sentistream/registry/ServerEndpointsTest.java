package org.sentistream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sentistream.registry.TestSchemas.intField;
import static org.sentistream.registry.TestSchemas.intWithDefault;
import static org.sentistream.registry.TestSchemas.optionalString;
import static org.sentistream.registry.TestSchemas.record;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentistream.registry.internals.RegistryHandler;

class ServerEndpointsTest {

    private static final String V1 = record("Thing", intField("a"));
    private static final String V2 = record("Thing", intField("a"), optionalString("b"));

    private SchemaRegistryServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.start("127.0.0.1", 0);
        http = new Http(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void urlNamesLoopbackAndPort() {
        assertEquals("http://127.0.0.1:" + server.port(), server.url());
    }

    @Test
    void foreignHostNameForbidden() throws Exception {
        String forbidden = rawGet("rebound.example:" + server.port());

        assertTrue(forbidden.startsWith("HTTP/1.1 403"), forbidden);
        assertTrue(forbidden.contains("\"error_code\":40301"), forbidden);
        assertTrue(rawGet("localhost:" + server.port()).startsWith("HTTP/1.1 200"));
        assertTrue(rawGet("127.0.0.1:" + server.port()).startsWith("HTTP/1.1 200"));
        assertTrue(rawGet("[::1]:" + server.port()).startsWith("HTTP/1.1 200"));
    }

    /** Sends GET / with {@code host} as the Host header, which java.net.http does not let a caller set. */
    private String rawGet(String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            String request = "GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void registerReturnsFirstId() throws Exception {
        Http.Response response = http.postSchema("/subjects/things-value/versions", V1);

        assertEquals(200, response.status());
        assertEquals(1, response.json().get("id").asInt());
        assertEquals("application/vnd.schemaregistry.v1+json", response.contentType());
    }

    @Test
    void registerIsIdempotent() throws Exception {
        int first = registerId("things-value", V1);
        String reformatted = new Schema.Parser().parse(V1).toString(true);

        int second = registerId("things-value", reformatted);

        assertEquals(first, second);
        assertEquals("[1]", http.get("/subjects/things-value/versions").body());
    }

    @Test
    void idsAreGlobalAcrossSubjects() throws Exception {
        int first = registerId("a-value", V1);
        int other = registerId("b-value", V2);

        assertEquals(first, registerId("c-value", V1));
        assertNotEquals(first, other);
    }

    @Test
    void schemaByIdReturnsSchema() throws Exception {
        int id = registerId("things-value", V1);

        Http.Response response = http.get("/schemas/ids/" + id);

        assertEquals(200, response.status());
        assertEquals(new Schema.Parser().parse(V1), new Schema.Parser().parse(response.json().get("schema").asText()));
    }

    @Test
    void unknownIdIs40403() throws Exception {
        Http.Response response = http.get("/schemas/ids/77");

        assertEquals(404, response.status());
        assertEquals(40403, response.errorCode());
    }

    @Test
    void idVersionsListsSubjects() throws Exception {
        int id = registerId("a-value", V1);
        registerId("b-value", V1);

        Http.Response response = http.get("/schemas/ids/" + id + "/versions");

        assertEquals(Http.JSON.readTree("[{\"subject\":\"a-value\",\"version\":1},{\"subject\":\"b-value\",\"version\":1}]"),
                response.json());
    }

    @Test
    void subjectsAndVersionsAreListed() throws Exception {
        registerId("b-value", V1);
        registerId("a-value", V1);
        registerId("a-value", V2);

        assertEquals("[\"a-value\",\"b-value\"]", http.get("/subjects").body());
        assertEquals("[1,2]", http.get("/subjects/a-value/versions").body());
    }

    @Test
    void versionReturnsAllFields() throws Exception {
        registerId("things-value", V1);
        int id2 = registerId("things-value", V2);

        Http.Response latest = http.get("/subjects/things-value/versions/latest");

        assertEquals("things-value", latest.json().get("subject").asText());
        assertEquals(2, latest.json().get("version").asInt());
        assertEquals(id2, latest.json().get("id").asInt());
        assertEquals(new Schema.Parser().parse(V2), new Schema.Parser().parse(latest.json().get("schema").asText()));
        assertEquals(1, http.get("/subjects/things-value/versions/1").json().get("version").asInt());
        assertEquals(2, http.get("/subjects/things-value/versions/-1").json().get("version").asInt());
    }

    @Test
    void versionSchemaIsRaw() throws Exception {
        registerId("things-value", V1);

        Http.Response response = http.get("/subjects/things-value/versions/1/schema");

        assertEquals(new Schema.Parser().parse(V1), new Schema.Parser().parse(response.body()));
    }

    @Test
    void missingVersionIs40402() throws Exception {
        registerId("things-value", V1);

        Http.Response response = http.get("/subjects/things-value/versions/9");

        assertEquals(404, response.status());
        assertEquals(40402, response.errorCode());
    }

    @Test
    void invalidVersionIs42202() throws Exception {
        registerId("things-value", V1);

        for (String version : List.of("abc", "0", "-2")) {
            Http.Response response = http.get("/subjects/things-value/versions/" + version);

            assertEquals(422, response.status(), version);
            assertEquals(42202, response.errorCode(), version);
        }
    }

    @Test
    void unknownSubjectIs40401() throws Exception {
        assertEquals(40401, http.get("/subjects/nope/versions").errorCode());
        assertEquals(40401, http.get("/subjects/nope/versions/latest").errorCode());
        assertEquals(40401, http.delete("/subjects/nope").errorCode());
        assertEquals(40401, http.postSchema("/subjects/nope", V1).errorCode());
    }

    @Test
    void lookupFindsVersion() throws Exception {
        int id = registerId("things-value", V1);
        registerId("things-value", V2);

        Http.Response response = http.postSchema("/subjects/things-value", new Schema.Parser().parse(V1).toString(true));

        assertEquals(200, response.status());
        assertEquals(1, response.json().get("version").asInt());
        assertEquals(id, response.json().get("id").asInt());
    }

    @Test
    void lookupFindsSoftDeletedOnlyWhenAsked() throws Exception {
        int id = registerId("things-value", V1);
        http.delete("/subjects/things-value");

        Http.Response hidden = http.postSchema("/subjects/things-value", V1);
        Http.Response found = http.postSchema("/subjects/things-value?deleted=true", V1);

        assertEquals(404, hidden.status());
        assertEquals(200, found.status());
        assertEquals(id, found.json().get("id").asInt());
        assertEquals(1, found.json().get("version").asInt());
    }

    @Test
    void lookupOfUnregisteredIs40403() throws Exception {
        registerId("things-value", V1);

        Http.Response response = http.postSchema("/subjects/things-value", V2);

        assertEquals(404, response.status());
        assertEquals(40403, response.errorCode());
    }

    @Test
    void softDeleteHidesSubjectKeepsIds() throws Exception {
        int id = registerId("things-value", V1);
        registerId("things-value", V2);

        Http.Response deleted = http.delete("/subjects/things-value");

        assertEquals("[1,2]", deleted.body());
        assertEquals("[]", http.get("/subjects").body());
        assertEquals("[\"things-value\"]", http.get("/subjects?deleted=true").body());
        assertEquals(40401, http.get("/subjects/things-value/versions").errorCode());
        assertEquals("[1,2]", http.get("/subjects/things-value/versions?deleted=true").body());
        assertEquals(200, http.get("/subjects/things-value/versions/1?deleted=true").status());
        assertEquals(200, http.get("/schemas/ids/" + id).status());
        assertEquals(id, registerId("things-value", V1));
        assertEquals("[3]", http.get("/subjects/things-value/versions").body(), "numbering continues after a soft delete");
    }

    @Test
    void permanentDeleteAfterSoftRestartsVersions() throws Exception {
        int id = registerId("things-value", V1);
        registerId("things-value", V2);
        http.delete("/subjects/things-value");

        Http.Response deleted = http.delete("/subjects/things-value?permanent=true");

        assertEquals(200, deleted.status(), deleted.body());
        assertEquals("[1,2]", deleted.body());
        assertEquals("[]", http.get("/subjects?deleted=true").body());
        assertEquals(200, http.get("/schemas/ids/" + id).status());
        assertEquals(id, registerId("things-value", V1));
        assertEquals("[1]", http.get("/subjects/things-value/versions").body());
    }

    @Test
    void permanentDeleteWithoutSoftIs40405() throws Exception {
        registerId("things-value", V1);

        Http.Response response = http.delete("/subjects/things-value?permanent=true");

        assertEquals(404, response.status());
        assertEquals(40405, response.errorCode());
        assertEquals("Subject 'things-value' was not deleted first before being permanently deleted",
                response.json().get("message").asText());
        assertEquals("[1]", http.get("/subjects/things-value/versions").body());
    }

    @Test
    void softDeleteTwiceIs40404() throws Exception {
        registerId("things-value", V1);
        http.delete("/subjects/things-value");

        Http.Response response = http.delete("/subjects/things-value");

        assertEquals(404, response.status());
        assertEquals(40404, response.errorCode());
        assertEquals(40401, http.delete("/subjects/unknown-value").errorCode());
    }

    @Test
    void versionSoftDeleteHidesVersion() throws Exception {
        registerId("things-value", V1);
        registerId("things-value", V2);

        Http.Response deleted = http.delete("/subjects/things-value/versions/latest");

        assertEquals(200, deleted.status(), deleted.body());
        assertEquals("2", deleted.body());
        assertEquals("[1]", http.get("/subjects/things-value/versions").body());
        assertEquals("[1,2]", http.get("/subjects/things-value/versions?deleted=true").body());
        assertEquals(1, http.get("/subjects/things-value/versions/latest").json().get("version").asInt());
        assertEquals(40402, http.get("/subjects/things-value/versions/2").errorCode());
        assertEquals(2, http.get("/subjects/things-value/versions/2?deleted=true").json().get("version").asInt());
        assertEquals(40406, http.delete("/subjects/things-value/versions/2").errorCode());
    }

    @Test
    void versionPermanentDeleteNeedsSoft() throws Exception {
        registerId("things-value", V1);
        registerId("things-value", V2);

        Http.Response rejected = http.delete("/subjects/things-value/versions/1?permanent=true");

        assertEquals(404, rejected.status());
        assertEquals(40407, rejected.errorCode());
        assertEquals("Subject 'things-value' Version 1 was not deleted first before being permanently deleted",
                rejected.json().get("message").asText());
        assertEquals("[1,2]", http.get("/subjects/things-value/versions").body());

        assertEquals("1", http.delete("/subjects/things-value/versions/1").body());
        Http.Response removed = http.delete("/subjects/things-value/versions/1?permanent=true");

        assertEquals(200, removed.status(), removed.body());
        assertEquals("1", removed.body());
        assertEquals("[2]", http.get("/subjects/things-value/versions?deleted=true").body());
        assertEquals(40402, http.delete("/subjects/things-value/versions/1?permanent=true").errorCode());
    }

    @Test
    void globalConfigDefaultsToBackward() throws Exception {
        assertEquals("{\"compatibilityLevel\":\"BACKWARD\"}", http.get("/config").body());
    }

    @Test
    void globalConfigIsUpdated() throws Exception {
        Http.Response put = http.put("/config", "{\"compatibility\":\"FULL\"}");

        assertEquals("{\"compatibility\":\"FULL\"}", put.body());
        assertEquals("{\"compatibilityLevel\":\"FULL\"}", http.get("/config").body());
    }

    @Test
    void subjectConfigOverridesGlobal() throws Exception {
        assertEquals(40408, http.get("/config/things-value").errorCode());
        assertEquals("BACKWARD", http.get("/config/things-value?defaultToGlobal=true").json().get("compatibilityLevel").asText());

        http.put("/config/things-value", "{\"compatibility\":\"NONE\"}");

        assertEquals("NONE", http.get("/config/things-value").json().get("compatibilityLevel").asText());
        assertEquals("BACKWARD", http.get("/config").json().get("compatibilityLevel").asText());
    }

    @Test
    void invalidLevelIs42203() throws Exception {
        Http.Response response = http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}");

        assertEquals(422, response.status());
        assertEquals(42203, response.errorCode());
    }

    @Test
    void incompatibleChangeIs409() throws Exception {
        registerId("things-value", V1);
        String requiredAdded = record("Thing", intField("a"), intField("c"));

        Http.Response response = http.postSchema("/subjects/things-value/versions", requiredAdded);

        assertEquals(409, response.status());
        assertEquals(409, response.errorCode());
        assertTrue(response.json().get("message").asText().contains("READER_FIELD_MISSING_DEFAULT_VALUE"),
                response.body());
        assertEquals("[1]", http.get("/subjects/things-value/versions").body());
    }

    @Test
    void noneLevelAcceptsAnyChange() throws Exception {
        registerId("things-value", V1);
        http.put("/config/things-value", "{\"compatibility\":\"NONE\"}");

        Http.Response response = http.postSchema("/subjects/things-value/versions", record("Thing", intField("z")));

        assertEquals(200, response.status());
    }

    @Test
    void forwardRejectsRemovedRequiredField() throws Exception {
        http.put("/config", "{\"compatibility\":\"FORWARD\"}");
        registerId("things-value", record("Thing", intField("a"), intField("b")));

        Http.Response removed = http.postSchema("/subjects/things-value/versions", record("Thing", intField("a")));
        Http.Response added = http.postSchema("/subjects/things-value/versions",
                record("Thing", intField("a"), intField("b"), intField("c")));

        assertEquals(409, removed.status());
        assertEquals(200, added.status());
    }

    @Test
    void fullRejectsRequiredAddition() throws Exception {
        http.put("/config", "{\"compatibility\":\"FULL\"}");
        registerId("things-value", V1);

        Http.Response required = http.postSchema("/subjects/things-value/versions", record("Thing", intField("a"), intField("c")));
        Http.Response optional = http.postSchema("/subjects/things-value/versions", V2);

        assertEquals(409, required.status());
        assertEquals(200, optional.status());
    }

    @Test
    void transitiveChecksEveryVersion() throws Exception {
        http.put("/config", "{\"compatibility\":\"NONE\"}");
        registerId("things-value", record("Thing", intField("f")));
        registerId("things-value", record("Thing", intField("g")));
        String v3 = record("Thing", intField("g"), intWithDefault("h"));

        http.put("/config", "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");
        Http.Response transitive = http.postSchema("/subjects/things-value/versions", v3);
        http.put("/config", "{\"compatibility\":\"BACKWARD\"}");
        Http.Response latestOnly = http.postSchema("/subjects/things-value/versions", v3);

        assertEquals(409, transitive.status());
        assertEquals(200, latestOnly.status());
    }

    @Test
    void compatibilityEndpointReports() throws Exception {
        registerId("things-value", V1);
        String path = "/compatibility/subjects/things-value/versions/latest";

        Http.Response compatible = http.postSchema(path, V2);
        Http.Response incompatible = http.postSchema(path, record("Thing", intField("a"), intField("c")));

        assertTrue(compatible.json().get("is_compatible").asBoolean(), compatible.body());
        assertFalse(incompatible.json().get("is_compatible").asBoolean(), incompatible.body());
        assertEquals(200, incompatible.status());
    }

    @Test
    void compatibilityAgainstNumberedVersion() throws Exception {
        registerId("things-value", V1);

        Http.Response response = http.postSchema("/compatibility/subjects/things-value/versions/1?verbose=true",
                record("Thing", intField("a"), intField("c")));

        assertFalse(response.json().get("is_compatible").asBoolean());
        assertEquals(1, response.json().get("messages").size(), response.body());
        assertEquals(40402, http.postSchema("/compatibility/subjects/things-value/versions/5", V2).errorCode());
        assertEquals(40401, http.postSchema("/compatibility/subjects/nope/versions/latest", V2).errorCode());
    }

    @Test
    void protobufIs42201() throws Exception {
        String body = "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}";

        Http.Response response = http.post("/subjects/things-value/versions", body);

        assertEquals(422, response.status());
        assertEquals(42201, response.errorCode());
        assertTrue(response.json().get("message").asText().contains("only AVRO is supported"), response.body());
    }

    @Test
    void invalidAvroIs42201() throws Exception {
        for (String schema : List.of("{\"type\":\"record\"}", "not json", "{\"type\":\"nosuchtype\"}",
                record("Bad", "{\"name\":\"x\",\"type\":\"int\",\"default\":\"text\"}"))) {
            Http.Response response = http.postSchema("/subjects/things-value/versions", schema);

            assertEquals(422, response.status(), schema);
            assertEquals(42201, response.errorCode(), schema);
        }
    }

    @Test
    void missingSchemaFieldIs42201() throws Exception {
        Http.Response response = http.post("/subjects/things-value/versions", "{}");

        assertEquals(422, response.status());
        assertEquals(42201, response.errorCode());
    }

    @Test
    void referencesAreRejected() throws Exception {
        String body = Http.JSON.createObjectNode().put("schema", V1)
                .set("references", Http.JSON.readTree("[{\"name\":\"x\",\"subject\":\"s\",\"version\":1}]")).toString();

        Http.Response response = http.post("/subjects/things-value/versions", body);

        assertEquals(42201, response.errorCode());
    }

    @Test
    void malformedJsonIs400() throws Exception {
        for (String body : List.of("{\"schema\": ", "[1,2]", "", "{\"schema\": 5}")) {
            Http.Response response = http.post("/subjects/things-value/versions", body);

            assertTrue(response.status() == 400 || response.status() == 422, body + " -> " + response.status());
            assertTrue(response.json().has("error_code"), response.body());
            assertFalse(response.body().contains("\tat "), response.body());
        }
        assertEquals(200, http.get("/subjects").status());
    }

    @Test
    void bodyAtLimitIsRegistered() throws Exception {
        String schema = bigSchema(RegistryHandler.MAX_BODY_BYTES - 100);
        String body = Http.JSON.createObjectNode().put("schema", schema).toString();
        assertTrue(body.length() <= RegistryHandler.MAX_BODY_BYTES, "body of " + body.length() + " bytes");

        Http.Response response = http.post("/subjects/big-value/versions", body);

        assertEquals(200, response.status(), response.body().substring(0, Math.min(200, response.body().length())));
    }

    @Test
    void oversizedBodiesGetJson413() throws Exception {
        for (int size : List.of(9_000_000, 3_000_000, RegistryHandler.MAX_BODY_BYTES + 1)) {
            String body = Http.JSON.createObjectNode().put("schema", bigSchema(size)).toString();

            Http.Response response = http.post("/subjects/big-value/versions", body);

            assertEquals(413, response.status(), size + " bytes");
            assertEquals(413, response.errorCode(), size + " bytes: " + response.body());
            assertTrue(response.json().get("message").asText().contains("larger than the limit of 1000000 bytes"),
                    response.body());
        }
        assertEquals(200, http.get("/subjects").status());
    }

    @Test
    void oversizedChunkedBodyGetsJson413() throws Exception {
        byte[] body = Http.JSON.createObjectNode().put("schema", bigSchema(3_000_000)).toString()
                .getBytes(StandardCharsets.UTF_8);

        Http.Response response = http.postChunked("/subjects/big-value/versions", body);

        assertEquals(413, response.status());
        assertEquals(413, response.errorCode(), response.body());
    }

    @Test
    void unknownPathIs404() throws Exception {
        Http.Response response = http.get("/nothing/here");

        assertEquals(404, response.status());
        assertEquals(404, response.errorCode());
    }

    @Test
    void wrongMethodIs405() throws Exception {
        Http.Response response = http.delete("/schemas/ids/1");

        assertEquals(405, response.status());
        assertEquals(405, response.errorCode());
    }

    @Test
    void encodedSubjectIsDecoded() throws Exception {
        registerId("orders.v1%2Bextra-value", V1);

        assertEquals("[\"orders.v1+extra-value\"]", http.get("/subjects").body());
        assertEquals(200, http.get("/subjects/orders.v1+extra-value/versions").status());
    }

    @Test
    void badPercentEncodingIs400() throws Exception {
        // java.net.http rejects this URI before sending it, so the request goes over a raw socket.
        String statusLine;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /subjects/bad%zz/versions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }

        assertTrue(statusLine.startsWith("HTTP/1.1 400"), statusLine);
        assertEquals(200, http.get("/subjects").status());
    }

    @Test
    void bodyMediaTypesAsConfluent() throws Exception {
        String body = "{\"schema\": \"\\\"string\\\"\"}";
        List<String> accepted = List.of("application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json",
                "application/json; charset=utf-8", "application/octet-stream");

        for (String type : accepted) {
            assertEquals(200, http.send("POST", "/subjects/media-value/versions", body, type).status(), type);
        }
        assertEquals(200, http.send("POST", "/subjects/media-value/versions", body, null).status(), "no Content-Type");

        for (String type : List.of("text/plain", "application/xml")) {
            Http.Response response = http.send("POST", "/subjects/media-value/versions", body, type);
            assertEquals(415, response.status(), type);
            assertEquals(415, response.errorCode(), type);
            assertEquals("HTTP 415 Unsupported Media Type", response.json().path("message").asText(), type);
        }
    }

    @Test
    void emptySchemaFieldNamed() throws Exception {
        Http.Response response = http.postSchema("/subjects/empty-value/versions", "");

        assertEquals(422, response.status());
        assertEquals("Invalid schema: the schema field is empty", response.json().path("message").asText());
    }

    @Test
    void stalledClientsLeaveWorkersFree() throws Exception {
        // Each socket sends headers that announce a body and then stalls, so it occupies a worker thread
        // until the JDK's request time limit. Eight of them would occupy every worker of a pool of four.
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.getOutputStream().write(("POST /subjects/s" + i + "/versions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/vnd.schemaregistry.v1+json\r\nContent-Length: 1000\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            Thread.sleep(500);

            long started = System.nanoTime();
            int status = http.get("/subjects").status();
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertEquals(200, status);
            // The JDK request time limit is 10 s, so a request that waited for a stalled worker takes longer.
            assertTrue(millis < 5_000, "a request waited " + millis + " ms behind stalled clients");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void requestsAreCounted() throws Exception {
        long before = server.requestCount();

        http.get("/subjects");
        http.get("/nothing");

        assertEquals(before + 2, server.requestCount());
    }

    /** Returns a valid record schema of about {@code size} characters, most of them in its doc. */
    static String bigSchema(int size) {
        String prefix = "{\"type\":\"record\",\"name\":\"Big\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}],\"doc\":\"";
        return prefix + "x".repeat(Math.max(0, size - prefix.length() - 2)) + "\"}";
    }

    private int registerId(String subject, String schema) throws Exception {
        Http.Response response = http.postSchema("/subjects/" + subject + "/versions", schema);
        assertEquals(200, response.status(), response.body());
        return response.json().get("id").asInt();
    }
}
