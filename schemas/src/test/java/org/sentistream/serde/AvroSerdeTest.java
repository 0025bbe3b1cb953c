package org.sentistream.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.WireFormatException.Reason;

class AvroSerdeTest {

    private static final String TOPIC = "social-posts";

    private InMemoryRegistryClient registry;
    private AvroSerializer<SocialPost> serializer;
    private AvroDeserializer<SocialPost> deserializer;

    @BeforeEach
    void setUp() {
        registry = new InMemoryRegistryClient();
        serializer = new AvroSerializer<>(registry);
        deserializer = new AvroDeserializer<>(registry, SocialPost.class);
    }

    @Test
    void tinyPostHasKnownBytes() {
        byte[] framed = serializer.serialize(TOPIC, Records.tinyPost());

        // Header: magic 0, id 1. Body: "a", enum index 1, "b", "hi", three null union branches
        // (index 0), an empty hashtag array (block count 0), then the url null branch.
        assertEquals("0000000001" + "0261" + "02" + "0262" + "046869" + "00" + "00" + "00" + "00",
                HexFormat.of().formatHex(framed));
    }

    @Test
    void bodyMatchesBinaryEncoder() throws Exception {
        SocialPost post = Records.post();

        byte[] framed = serializer.serialize(TOPIC, post);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(expected, null);
        new SpecificDatumWriter<>(SocialPost.class).write(post, encoder);
        encoder.flush();
        int schemaId = registry.register(TOPIC + "-value", SocialPost.getClassSchema());
        assertArrayEquals(new byte[] {0, 0, 0, 0, (byte) schemaId}, Arrays.copyOf(framed, WireFormat.HEADER_SIZE));
        assertArrayEquals(expected.toByteArray(), Arrays.copyOfRange(framed, WireFormat.HEADER_SIZE, framed.length));
    }

    @Test
    void socialPostRoundTrips() {
        SocialPost post = Records.post();

        assertEquals(post, deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, post)));
    }

    @Test
    void feedbackRoundTrips() {
        Serde<FeedbackEvent> serde = AvroSerdes.serde(registry, FeedbackEvent.class);
        FeedbackEvent event = Records.feedback();

        byte[] framed = serde.serializer().serialize("feedback", event);

        assertEquals(event, serde.deserializer().deserialize("feedback", framed));
    }

    @Test
    void resultRoundTrips() {
        Serde<SentimentResult> serde = AvroSerdes.serde(registry, SentimentResult.class);
        SentimentResult result = Records.result();

        byte[] framed = serde.serializer().serialize("sentiment", result);

        assertEquals(result, serde.deserializer().deserialize("sentiment", framed));
    }

    @Test
    void nullMapsToNull() {
        assertNull(serializer.serialize(TOPIC, null));
        assertNull(deserializer.deserialize(TOPIC, null));
    }

    @Test
    void keySerializerUsesKeySubject() throws Exception {
        AvroSerializer<SocialPost> keySerializer = new AvroSerializer<>(registry);
        keySerializer.configure(Map.of(), true);

        byte[] framed = keySerializer.serialize(TOPIC, Records.post());

        assertEquals(registry.register(TOPIC + "-key", SocialPost.getClassSchema()), WireFormat.schemaId(framed));
    }

    @Test
    void readerIsCachedPerSchemaId() {
        byte[] framed = serializer.serialize(TOPIC, Records.post());
        AvroDeserializer<SocialPost> fresh = new AvroDeserializer<>(registry, SocialPost.class);

        fresh.deserialize(TOPIC, framed);
        fresh.deserialize(TOPIC, framed);

        assertEquals(1, registry.lookups());
    }

    @Test
    void shortValueIsTooShort() {
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0}));

        assertEquals(Reason.TOO_SHORT, e.reason());
    }

    @Test
    void emptyValueIsTooShort() {
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> deserializer.deserialize(TOPIC, new byte[0]));

        assertEquals(Reason.TOO_SHORT, e.reason());
    }

    @Test
    void jsonValueIsBadMagic() {
        byte[] json = "{\"id\":\"post-1\"}".getBytes();

        WireFormatException e = assertThrows(WireFormatException.class, () -> deserializer.deserialize(TOPIC, json));

        assertEquals(Reason.BAD_MAGIC_BYTE, e.reason());
        assertTrue(e.getMessage().contains("0x7b"), e.getMessage());
    }

    @Test
    void unknownIdIsUnknownSchemaId() {
        byte[] framed = WireFormat.frame(999, new byte[] {2, 0x61});

        WireFormatException e = assertThrows(WireFormatException.class, () -> deserializer.deserialize(TOPIC, framed));

        assertEquals(Reason.UNKNOWN_SCHEMA_ID, e.reason());
        assertTrue(e.getMessage().contains("999"), e.getMessage());
    }

    @Test
    void registryDownIsUnavailable() {
        byte[] framed = serializer.serialize(TOPIC, Records.post());
        AvroDeserializer<SocialPost> fresh = new AvroDeserializer<>(registry, SocialPost.class);
        registry.unavailable = true;

        WireFormatException e = assertThrows(WireFormatException.class, () -> fresh.deserialize(TOPIC, framed));

        assertEquals(Reason.REGISTRY_UNAVAILABLE, e.reason());
    }

    @Test
    void serializerReportsRegistryDown() {
        registry.unavailable = true;

        WireFormatException e = assertThrows(WireFormatException.class,
                () -> serializer.serialize(TOPIC, Records.post()));

        assertEquals(Reason.REGISTRY_UNAVAILABLE, e.reason());
    }

    @Test
    void truncatedBodyIsUndecodable() {
        byte[] framed = serializer.serialize(TOPIC, Records.post());
        byte[] truncated = Arrays.copyOf(framed, framed.length - 3);

        assertUndecodable(truncated);
    }

    @Test
    void headerOnlyIsUndecodable() {
        byte[] framed = serializer.serialize(TOPIC, Records.post());

        assertUndecodable(Arrays.copyOf(framed, WireFormat.HEADER_SIZE));
    }

    @Test
    void garbageBodyIsUndecodable() {
        int schemaId = WireFormat.schemaId(serializer.serialize(TOPIC, Records.post()));
        byte[] garbage = new byte[40];
        Arrays.fill(garbage, (byte) 0xff);

        assertUndecodable(WireFormat.frame(schemaId, garbage));
    }

    @Test
    void trailingBytesAreUndecodable() {
        byte[] framed = serializer.serialize(TOPIC, Records.post());
        byte[] padded = Arrays.copyOf(framed, framed.length + 1);

        assertUndecodable(padded);
    }

    @Test
    void enumIndexOutOfRangeIsUndecodable() throws Exception {
        int schemaId = WireFormat.schemaId(serializer.serialize(TOPIC, Records.post()));
        byte[] body = encode(encoder -> {
            encoder.writeString("a");
            encoder.writeEnum(200);
        });

        assertUndecodable(WireFormat.frame(schemaId, body));
    }

    @Test
    void hugeStringLengthIsUndecodable() throws Exception {
        int schemaId = WireFormat.schemaId(serializer.serialize(TOPIC, Records.post()));
        byte[] body = encode(encoder -> encoder.writeLong(2_000_000_000L));

        assertUndecodable(WireFormat.frame(schemaId, body));
    }

    @Test
    void negativeStringLengthIsUndecodable() throws Exception {
        int schemaId = WireFormat.schemaId(serializer.serialize(TOPIC, Records.post()));
        byte[] body = encode(encoder -> encoder.writeLong(-5));

        assertUndecodable(WireFormat.frame(schemaId, body));
    }

    @Test
    void hugeArrayCountIsUndecodable() throws Exception {
        int schemaId = WireFormat.schemaId(serializer.serialize(TOPIC, Records.post()));
        byte[] body = encode(encoder -> {
            encoder.writeString("a");
            encoder.writeEnum(1);
            encoder.writeString("b");
            encoder.writeString("hi");
            encoder.writeIndex(0);
            encoder.writeIndex(0);
            encoder.writeLong(2_000_000_000L);
        });

        assertUndecodable(WireFormat.frame(schemaId, body));
    }

    @Test
    void newerWriterSchemaDecodes() throws Exception {
        Schema v2 = EvolvedSchemas.socialPostV2();
        SocialPost post = Records.post();
        GenericRecord record = copyInto(post, v2);
        record.put("replyTo", "post-41");

        SocialPost decoded = deserializer.deserialize(TOPIC, frameGeneric(v2, record));

        assertEquals(post, decoded);
    }

    @Test
    void olderWriterSchemaDecodes() throws Exception {
        Schema v0 = EvolvedSchemas.socialPostV0();
        SocialPost post = Records.post();

        SocialPost decoded = deserializer.deserialize(TOPIC, frameGeneric(v0, copyInto(post, v0)));

        assertNull(decoded.getUrl());
        assertEquals(post.getText(), decoded.getText());
        assertEquals(post.getHashtags(), decoded.getHashtags());
    }

    @Test
    void incompatibleWriterSchemaIsUndecodable() throws Exception {
        Schema unrelated = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}");
        GenericRecord record = new GenericData.Record(unrelated);
        record.put("n", 3);

        assertUndecodable(frameGeneric(unrelated, record));
    }

    @Test
    void configureReadsReaderClass() {
        AvroDeserializer<SocialPost> configured = new AvroDeserializer<>();
        configured.configure(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:9",
                SerdeConfig.SPECIFIC_AVRO_READER_CLASS, SocialPost.class.getName()), false);

        assertSame(SocialPost.class, configured.type());
    }

    @Test
    void configureRejectsNonRecordClass() {
        AvroDeserializer<SocialPost> configured = new AvroDeserializer<>();
        Map<String, String> configs = Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:9",
                SerdeConfig.SPECIFIC_AVRO_READER_CLASS, Platform.class.getName());

        assertThrows(ConfigException.class, () -> configured.configure(configs, false));
    }

    @Test
    void configureRequiresUrl() {
        AvroSerializer<SocialPost> configured = new AvroSerializer<>();

        assertThrows(ConfigException.class, () -> configured.configure(Map.of(), false));
    }

    private void assertUndecodable(byte[] framed) {
        WireFormatException e = assertThrows(WireFormatException.class, () -> deserializer.deserialize(TOPIC, framed));

        assertEquals(Reason.UNDECODABLE, e.reason(), e.getMessage());
    }

    private byte[] frameGeneric(Schema schema, GenericRecord record) throws Exception {
        int schemaId = registry.register(TOPIC + "-value", schema);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return WireFormat.frame(schemaId, body.toByteArray());
    }

    /** Copies the fields of {@code post} that {@code schema} has into a generic record of that schema. */
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
            record.put(field.name(), value instanceof List<?> list ? List.copyOf(list) : value);
        }
        return record;
    }

    private interface EncoderSteps {
        void write(BinaryEncoder encoder) throws Exception;
    }

    private static byte[] encode(EncoderSteps steps) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        steps.write(encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
