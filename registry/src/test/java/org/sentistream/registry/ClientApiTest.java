package org.sentistream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sentistream.registry.TestSchemas.intField;
import static org.sentistream.registry.TestSchemas.optionalString;
import static org.sentistream.registry.TestSchemas.record;

import java.util.Map;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RegisteredSchema;
import org.sentistream.serde.RegistryRequestException;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.serde.SerdeConfig;
import org.sentistream.serde.WireFormat;

/** Lookup, latest version and subject name strategies of the REST client against a real server. */
class ClientApiTest {

    private static final Schema V1 = new Schema.Parser().parse(record("Thing", intField("a")));
    private static final Schema V2 = new Schema.Parser().parse(record("Thing", intField("a"), optionalString("b")));

    private SchemaRegistryServer server;
    private RestSchemaRegistryClient client;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.start("127.0.0.1", 0);
        client = new RestSchemaRegistryClient(server.url());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void lookupFindsVersion() throws Exception {
        client.register("things-value", V1);
        int id = client.register("things-value", V2);

        RegisteredSchema found = new RestSchemaRegistryClient(server.url()).lookup("things-value", V2);

        assertEquals(new RegisteredSchema("things-value", 2, id, V2), found);
    }

    @Test
    void lookupOfUnknownIs404() throws Exception {
        client.register("things-value", V1);

        RegistryRequestException e = assertThrows(RegistryRequestException.class, () -> client.lookup("things-value", V2));

        assertEquals(404, e.status());
        assertEquals(40403, e.errorCode());
    }

    @Test
    void latestIsNewestVersion() throws Exception {
        client.register("things-value", V1);
        int id = client.register("things-value", V2);

        assertEquals(new RegisteredSchema("things-value", 2, id, V2), client.latest("things-value"));
    }

    @Test
    void latestOfUnknownSubjectIs404() {
        RegistryRequestException e = assertThrows(RegistryRequestException.class, () -> client.latest("nothing-value"));

        assertEquals(40401, e.errorCode());
    }

    @Test
    void defaultStrategyIsTopicName() throws Exception {
        assertEquals("social-posts-value", subjectOf(Map.of()));
    }

    @Test
    void recordNameStrategyUsesFullName() throws Exception {
        String subject = subjectOf(Map.of(SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"));

        assertEquals("org.sentistream.schemas.SocialPost", subject);
    }

    @Test
    void topicRecordNameStrategyCombines() throws Exception {
        String subject = subjectOf(Map.of(SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy"));

        assertEquals("social-posts-org.sentistream.schemas.SocialPost", subject);
    }

    @Test
    void keyStrategyIsSeparate() throws Exception {
        AvroSerializer<SocialPost> serializer = new AvroSerializer<>(client);
        serializer.configure(Map.of(SerdeConfig.KEY_SUBJECT_NAME_STRATEGY, "RECORD_NAME",
                SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TOPIC_NAME"), true);

        serializer.serialize("social-posts", Samples.post());

        assertEquals("[\"org.sentistream.schemas.SocialPost\"]", new Http(server.url()).get("/subjects").body());
    }

    @Test
    void unknownStrategyIsConfigError() {
        AvroSerializer<SocialPost> serializer = new AvroSerializer<>(client);

        assertThrows(ConfigException.class, () -> serializer.configure(
                Map.of(SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "com.example.ByHourStrategy"), false));
    }

    /** Serializes one post to social-posts with the given serializer configs and returns the subject of its id. */
    private String subjectOf(Map<String, Object> configs) throws Exception {
        AvroSerializer<SocialPost> serializer = new AvroSerializer<>(client);
        serializer.configure(configs, false);

        int id = WireFormat.schemaId(serializer.serialize("social-posts", Samples.post()));

        return new Http(server.url()).get("/schemas/ids/" + id + "/versions").json().get(0).get("subject").asText();
    }
}
