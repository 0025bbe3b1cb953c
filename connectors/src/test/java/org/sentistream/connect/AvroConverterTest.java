package org.sentistream.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sentistream.connect.internals.AvroSchemaMapping;
import org.sentistream.connect.internals.ConnectRecords;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.schemas.ComputeStats;
import org.sentistream.schemas.InputKind;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SentimentLabel;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RestSchemaRegistryClient;

/** Round trips through {@link AvroConverter} with real wire-format bytes and a real registry server. */
class AvroConverterTest {

    private static SchemaRegistryServer registry;
    private static AvroConverter converter;

    @BeforeAll
    static void startRegistry() {
        registry = SchemaRegistryServer.start("127.0.0.1", 0);
        converter = new AvroConverter();
        converter.configure(Map.of("schema.registry.url", registry.url()), false);
    }

    @AfterAll
    static void stopRegistry() {
        converter.close();
        registry.close();
    }

    @Test
    void socialPostDecodesWithDeserializer() throws Exception {
        SocialPost post = SocialPost.newBuilder()
                .setId("mastodon:example:1")
                .setPlatform(Platform.MASTODON)
                .setAuthorId("ab12")
                .setText("Great update")
                .setLanguage("en")
                .setCreatedAt(1_794_182_400_000L)
                .setHashtags(List.of("release", "java"))
                .setUrl(null)
                .build();
        ConnectRecords<SocialPost> posts = new ConnectRecords<>(SocialPost.getClassSchema());
        // The application registers its schema first; the converter's form must be accepted beside it.
        try (AvroSerializer<SocialPost> serializer = new AvroSerializer<>(new RestSchemaRegistryClient(registry.url()))) {
            serializer.serialize("social-posts", post);
        }

        byte[] bytes = converter.fromConnectData("social-posts", posts.schema(), posts.toStruct(post));

        try (AvroDeserializer<SocialPost> deserializer = new AvroDeserializer<>(
                new RestSchemaRegistryClient(registry.url()), SocialPost.class)) {
            assertEquals(post, deserializer.deserialize("social-posts", bytes));
        }
    }

    @Test
    void sentimentResultBecomesStruct() throws Exception {
        SentimentResult result = SentimentResult.newBuilder()
                .setInputId("fb-7")
                .setInputKind(InputKind.FEEDBACK)
                .setSource("APP_REVIEW")
                .setLabel(SentimentLabel.NEGATIVE)
                .setProbNegative(0.7f)
                .setProbNeutral(0.2f)
                .setProbPositive(0.1f)
                .setModelId("e5-small-v2/tweet3")
                .setModelVersion("3")
                .setEngine("dense-fp32")
                .setTokenCount(17)
                .setTruncated(true)
                .setStats(ComputeStats.newBuilder().setLayers(12).setTokenLayerUpdates(204).setDenseTokenLayerUpdates(204)
                        .setInt8Fraction(0.25f).build())
                .setEventTime(1L)
                .setProcessingTime(2L)
                .setProduct("Acme Notes")
                .setLanguage(null)
                .build();
        byte[] bytes;
        try (AvroSerializer<SentimentResult> serializer = new AvroSerializer<>(new RestSchemaRegistryClient(registry.url()))) {
            bytes = serializer.serialize("sentiment-results", result);
        }

        SchemaAndValue converted = converter.toConnectData("sentiment-results", bytes);
        Struct struct = (Struct) converted.value();

        assertEquals("org.sentistream.schemas.SentimentResult", converted.schema().name());
        assertEquals("fb-7", struct.getString("inputId"));
        assertEquals("NEGATIVE", struct.getString("label"));
        assertEquals("POSITIVE", converted.schema().field("label").schema().parameters()
                .get(AvroSchemaMapping.ENUM_PARAMETER + ".POSITIVE"));
        assertEquals(0.7f, struct.getFloat32("probNegative"));
        assertEquals(true, struct.getBoolean("truncated"));
        assertEquals(204L, struct.getStruct("stats").getInt64("tokenLayerUpdates"));
        assertEquals(0.25f, struct.getStruct("stats").getFloat32("int8Fraction"));
        assertEquals("Acme Notes", struct.getString("product"));
        assertNull(struct.getString("language"));
        assertEquals(true, converted.schema().field("stats").schema().isOptional());
    }

    @Test
    void connectTypesRoundTrip() {
        Schema schema = SchemaBuilder.struct().name("org.sentistream.test.Sample")
                .field("small", Schema.INT8_SCHEMA)
                .field("medium", Schema.OPTIONAL_INT16_SCHEMA)
                .field("day", Date.SCHEMA)
                .field("at", Timestamp.builder().optional().build())
                .field("price", Decimal.schema(2))
                .field("blob", Schema.BYTES_SCHEMA)
                .field("counts", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .build();
        Struct value = new Struct(schema)
                .put("small", (byte) -3)
                .put("medium", null)
                .put("day", new java.util.Date(19_000L * 86_400_000L))
                .put("at", new java.util.Date(1_794_182_400_123L))
                .put("price", new BigDecimal("12.34"))
                .put("blob", new byte[] {1, 2, 3})
                .put("counts", Map.of("a", 1L))
                .put("tags", List.of("x", "y"));

        byte[] bytes = converter.fromConnectData("samples", schema, value);
        SchemaAndValue back = converter.toConnectData("samples", bytes);
        Struct struct = (Struct) back.value();

        assertEquals(schema.field("small").schema().type(), back.schema().field("small").schema().type());
        assertEquals((byte) -3, struct.getInt8("small"));
        assertNull(struct.getInt16("medium"));
        assertEquals(value.get("day"), struct.get("day"));
        assertEquals(value.get("at"), struct.get("at"));
        assertEquals(new BigDecimal("12.34"), struct.get("price"));
        assertArrayEquals(new byte[] {1, 2, 3}, struct.getBytes("blob"));
        assertEquals(Map.of("a", 1L), struct.getMap("counts"));
        assertEquals(List.of("x", "y"), struct.getArray("tags"));
    }

    @Test
    void nullValueIsNull() {
        assertNull(converter.fromConnectData("samples", Schema.OPTIONAL_STRING_SCHEMA, null));
        assertEquals(SchemaAndValue.NULL, converter.toConnectData("samples", null));
    }

    @Test
    void rejectsBytesWithoutHeader() {
        assertThrows(DataException.class, () -> converter.toConnectData("samples", new byte[] {1, 2}));
    }
}
