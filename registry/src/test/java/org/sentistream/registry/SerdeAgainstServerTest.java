package org.sentistream.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.AvroSerdes;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.serde.SerdeConfig;
import org.sentistream.serde.WireFormat;
import org.sentistream.serde.WireFormatException;
import org.sentistream.serde.WireFormatException.Reason;

/** The serde against a real registry server over HTTP on 127.0.0.1. */
class SerdeAgainstServerTest {

    private static final String TOPIC = "social-posts";

    private SchemaRegistryServer server;
    private AvroSerializer<SocialPost> serializer;
    private AvroDeserializer<SocialPost> deserializer;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.start("127.0.0.1", 0);
        Map<String, Object> configs = Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, server.url(),
                SerdeConfig.SPECIFIC_AVRO_READER_CLASS, SocialPost.class.getName());
        serializer = new AvroSerializer<>();
        serializer.configure(configs, false);
        deserializer = new AvroDeserializer<>();
        deserializer.configure(configs, false);
    }

    @AfterEach
    void stop() {
        serializer.close();
        deserializer.close();
        server.close();
    }

    @Test
    void tinyPostHasKnownBytes() {
        byte[] framed = serializer.serialize(TOPIC, Samples.tinyPost());

        // Magic 0, id 1 (first schema of a fresh server), "a", enum index 1, "b", "hi",
        // null language and createdAt, empty hashtags, null url.
        assertEquals("00000000010261020262046869000000" + "00", HexFormat.of().formatHex(framed));
    }

    @Test
    void bodyMatchesBinaryEncoder() throws Exception {
        SocialPost post = Samples.post();

        byte[] framed = serializer.serialize(TOPIC, post);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(expected, null);
        new SpecificDatumWriter<>(SocialPost.class).write(post, encoder);
        encoder.flush();
        int registeredId = Http.JSON.readTree(new Http(server.url()).get("/subjects/" + TOPIC + "-value/versions/latest")
                .body()).get("id").asInt();
        assertArrayEquals(new byte[] {0, 0, 0, 0, (byte) registeredId}, Arrays.copyOf(framed, WireFormat.HEADER_SIZE));
        assertArrayEquals(expected.toByteArray(), Arrays.copyOfRange(framed, WireFormat.HEADER_SIZE, framed.length));
    }

    @Test
    void subjectIsTopicValue() throws Exception {
        serializer.serialize(TOPIC, Samples.post());

        assertEquals("[\"social-posts-value\"]", new Http(server.url()).get("/subjects").body());
    }

    @Test
    void socialPostRoundTrips() {
        SocialPost post = Samples.post();

        assertEquals(post, deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, post)));
    }

    @Test
    void feedbackRoundTrips() throws Exception {
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url())) {
            Serde<FeedbackEvent> serde = AvroSerdes.serde(client, FeedbackEvent.class);
            FeedbackEvent event = Samples.feedback();

            assertEquals(event, serde.deserializer().deserialize("feedback", serde.serializer().serialize("feedback", event)));
        }
    }

    @Test
    void resultRoundTrips() throws Exception {
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url())) {
            Serde<SentimentResult> serde = AvroSerdes.serde(client, SentimentResult.class);
            SentimentResult result = Samples.result();

            assertEquals(result, serde.deserializer().deserialize("results", serde.serializer().serialize("results", result)));
        }
    }

    @Test
    void nullMapsToNull() {
        assertNull(serializer.serialize(TOPIC, null));
        assertNull(deserializer.deserialize(TOPIC, null));
    }

    @Test
    void secondDecodeMakesNoRequest() {
        byte[] framed = serializer.serialize(TOPIC, Samples.post());
        AvroDeserializer<SocialPost> fresh = new AvroDeserializer<>(
                new RestSchemaRegistryClient(server.url()), SocialPost.class);
        fresh.deserialize(TOPIC, framed);
        long afterFirst = server.requestCount();

        fresh.deserialize(TOPIC, framed);
        serializer.serialize(TOPIC, Samples.post());

        assertEquals(afterFirst, server.requestCount());
    }

    @Test
    void shortValueIsTooShort() {
        assertReason(Reason.TOO_SHORT, new byte[] {0, 0});
    }

    @Test
    void badMagicIsRejected() {
        byte[] framed = serializer.serialize(TOPIC, Samples.post());
        framed[0] = 1;

        assertReason(Reason.BAD_MAGIC_BYTE, framed);
    }

    @Test
    void unknownIdIsRejected() {
        assertReason(Reason.UNKNOWN_SCHEMA_ID, WireFormat.frame(31337, new byte[] {2, 0x61}));
    }

    @Test
    void truncatedBodyIsUndecodable() {
        byte[] framed = serializer.serialize(TOPIC, Samples.post());

        assertReason(Reason.UNDECODABLE, Arrays.copyOf(framed, framed.length - 5));
    }

    @Test
    void garbageBodyIsUndecodable() {
        int id = WireFormat.schemaId(serializer.serialize(TOPIC, Samples.post()));
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0x9c);

        assertReason(Reason.UNDECODABLE, WireFormat.frame(id, garbage));
    }

    @Test
    void trailingBytesAreUndecodable() {
        byte[] framed = serializer.serialize(TOPIC, Samples.post());

        assertReason(Reason.UNDECODABLE, Arrays.copyOf(framed, framed.length + 2));
    }

    @Test
    void stoppedRegistryIsUnavailable() {
        byte[] framed = serializer.serialize(TOPIC, Samples.post());
        AvroDeserializer<SocialPost> fresh = new AvroDeserializer<>(new RestSchemaRegistryClient(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, server.url(),
                SerdeConfig.MAX_RETRIES, 1,
                SerdeConfig.RETRY_BACKOFF_MS, 10)), SocialPost.class);
        server.close();

        WireFormatException e = assertThrows(WireFormatException.class, () -> fresh.deserialize(TOPIC, framed));

        assertEquals(Reason.REGISTRY_UNAVAILABLE, e.reason());
    }

    @Test
    void newerWriterSchemaDecodes() throws Exception {
        Schema v2 = withField(SocialPost.getClassSchema(), "replyTo");
        SocialPost post = Samples.post();
        GenericRecord record = copyInto(post, v2);
        record.put("replyTo", "post-41");

        assertEquals(post, deserializer.deserialize(TOPIC, frameGeneric(v2, record)));
    }

    @Test
    void olderWriterSchemaDecodes() throws Exception {
        Schema v0 = withoutField(SocialPost.getClassSchema(), "url");
        SocialPost post = Samples.post();

        SocialPost decoded = deserializer.deserialize(TOPIC, frameGeneric(v0, copyInto(post, v0)));

        assertNull(decoded.getUrl());
        assertEquals(post.getId(), decoded.getId());
        assertEquals(post.getText(), decoded.getText());
        assertEquals(post.getHashtags(), decoded.getHashtags());
    }

    private void assertReason(Reason expected, byte[] framed) {
        WireFormatException e = assertThrows(WireFormatException.class, () -> deserializer.deserialize(TOPIC, framed));

        assertEquals(expected, e.reason(), e.getMessage());
    }

    /** Registers a schema through the HTTP API and frames a generic record written with it. */
    private byte[] frameGeneric(Schema schema, GenericRecord record) throws Exception {
        Http.Response response = new Http(server.url()).postSchema("/subjects/" + TOPIC + "-value/versions", schema.toString());
        assertEquals(200, response.status(), response.body());

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return WireFormat.frame(response.json().get("id").asInt(), body.toByteArray());
    }

    private static Schema withField(Schema schema, String optionalStringField) throws Exception {
        ObjectNode json = (ObjectNode) Http.JSON.readTree(schema.toString());
        ObjectNode field = ((ArrayNode) json.get("fields")).addObject();
        field.put("name", optionalStringField);
        field.putArray("type").add("null").add("string");
        field.putNull("default");
        return new Schema.Parser().parse(json.toString());
    }

    private static Schema withoutField(Schema schema, String fieldName) throws Exception {
        ObjectNode json = (ObjectNode) Http.JSON.readTree(schema.toString());
        ArrayNode fields = (ArrayNode) json.get("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).get("name").asText().equals(fieldName)) {
                fields.remove(i);
                break;
            }
        }
        return new Schema.Parser().parse(json.toString());
    }

    private static GenericRecord copyInto(SocialPost post, Schema schema) {
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            Schema.Field source = post.getSchema().getField(field.name());
            if (source == null) {
                continue;
            }
            Object value = post.get(source.pos());
            if (value instanceof Platform platform) {
                value = new GenericData.EnumSymbol(field.schema(), platform.name());
            }
            record.put(field.name(), value);
        }
        return record;
    }
}
