package org.sentistream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.serde.WireFormat;

/**
 * Schema evolution in both directions through a real registry with real bytes: SocialPost v2 adds
 * an optional {@code replyTo} field with a null default, and a variant that adds a required
 * {@code region} field without a default is the incompatible change the registry must reject.
 */
class EvolutionTest {

    private static final String TOPIC = "social-posts";
    private static final String SUBJECT = TOPIC + "-value";

    private SchemaRegistryServer server;
    private RestSchemaRegistryClient client;
    private Http http;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.start("127.0.0.1", 0);
        client = new RestSchemaRegistryClient(server.url());
        http = new Http(server.url());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void v2WriterReadByCurrentClasses() throws Exception {
        SocialPost post = Samples.post();
        byte[] current = new AvroSerializer<SocialPost>(client).serialize(TOPIC, post);

        Schema v2 = socialPostV2();
        int v2Id = registerViaHttp(v2);
        GenericRecord record = copyInto(post, v2);
        record.put("replyTo", "post-41");
        byte[] evolved = WireFormat.frame(v2Id, encode(v2, record));

        AvroDeserializer<SocialPost> reader = new AvroDeserializer<>(new RestSchemaRegistryClient(server.url()), SocialPost.class);
        assertNotEquals(WireFormat.schemaId(current), v2Id);
        assertEquals("[1,2]", http.get("/subjects/" + SUBJECT + "/versions").body());
        assertEquals(post, reader.deserialize(TOPIC, evolved));
        assertEquals(post, reader.deserialize(TOPIC, current));
    }

    @Test
    void currentWriterReadByV2Reader() throws Exception {
        SocialPost post = Samples.post();
        byte[] framed = new AvroSerializer<SocialPost>(client).serialize(TOPIC, post);
        Schema v2 = socialPostV2();
        registerViaHttp(v2);

        Schema writer = new RestSchemaRegistryClient(server.url()).getSchemaById(WireFormat.schemaId(framed));
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(framed, WireFormat.HEADER_SIZE,
                framed.length - WireFormat.HEADER_SIZE, null);
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(writer, v2).read(null, decoder);

        assertEquals(SocialPost.getClassSchema(), writer);
        assertNull(decoded.get("replyTo"));
        assertEquals(post.getId(), decoded.get("id").toString());
        assertEquals(post.getText(), decoded.get("text").toString());
        assertEquals(post.getPlatform().name(), decoded.get("platform").toString());
        assertEquals(post.getUrl(), decoded.get("url").toString());
        assertTrue(decoder.isEnd());
    }

    @Test
    void requiredFieldIsRejectedWith409() throws Exception {
        client.register(SUBJECT, SocialPost.getClassSchema());

        Http.Response response = http.postSchema("/subjects/" + SUBJECT + "/versions", socialPostWithRequiredRegion().toString());

        assertEquals(409, response.status());
        assertEquals(409, response.errorCode());
        String message = response.json().get("message").asText();
        assertTrue(message.contains("READER_FIELD_MISSING_DEFAULT_VALUE"), message);
        assertTrue(message.contains("region"), message);
        assertEquals("[1]", http.get("/subjects/" + SUBJECT + "/versions").body());
    }

    @Test
    void clientTestsCompatibility() throws Exception {
        client.register(SUBJECT, SocialPost.getClassSchema());

        assertTrue(client.isCompatible(SUBJECT, socialPostV2()));
        assertFalse(client.isCompatible(SUBJECT, socialPostWithRequiredRegion()));
        assertEquals(1, client.latest(SUBJECT).version());
    }

    private int registerViaHttp(Schema schema) throws Exception {
        Http.Response response = http.postSchema("/subjects/" + SUBJECT + "/versions", schema.toString());
        assertEquals(200, response.status(), response.body());
        return response.json().get("id").asInt();
    }

    private static byte[] encode(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return body.toByteArray();
    }

    /** SocialPost with an optional {@code replyTo} string that defaults to null. */
    static Schema socialPostV2() throws Exception {
        return withField("{\"name\":\"replyTo\",\"type\":[\"null\",\"string\"],\"default\":null}");
    }

    /** SocialPost with a required {@code region} string and no default: not BACKWARD compatible. */
    static Schema socialPostWithRequiredRegion() throws Exception {
        return withField("{\"name\":\"region\",\"type\":\"string\"}");
    }

    private static Schema withField(String fieldJson) throws Exception {
        ObjectNode json = (ObjectNode) Http.JSON.readTree(SocialPost.getClassSchema().toString());
        ((ArrayNode) json.get("fields")).add(Http.JSON.readTree(fieldJson));
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
