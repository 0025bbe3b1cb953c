package org.sentistream.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.sentistream.serde.internals.TrustedPackages;

/**
 * Kafka serializer of generated Avro records in the Confluent wire format.
 *
 * <p>On the first record of a topic it registers the record's schema under the subject its
 * {@link SubjectNameStrategy} names, by default {@code <topic>-value} (or {@code <topic>-key} for a
 * key serializer), and caches the id. Writes
 * {@link WireFormat#MAGIC_BYTE}, the id as a 4-byte big-endian int, then the Avro binary encoding.
 * A null record serializes to null. Thread-safe.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    static {
        TrustedPackages.trust(AvroSerdes.SCHEMAS_PACKAGE);
    }

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private SubjectNameStrategy subjectNameStrategy = SubjectNameStrategy.TOPIC_NAME;

    private final Map<TopicSchema, Integer> schemaIds = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();

    private record TopicSchema(String topic, Schema schema) {
    }

    /** Creates a serializer that builds its registry client in {@link #configure(Map, boolean)}. */
    public AvroSerializer() {
    }

    /** Creates a value serializer on a client the caller owns and closes. */
    public AvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    /**
     * Reads {@value SerdeConfig#VALUE_SUBJECT_NAME_STRATEGY} (or {@value SerdeConfig#KEY_SUBJECT_NAME_STRATEGY}
     * for a key serializer), and {@value SerdeConfig#SCHEMA_REGISTRY_URL} with the other
     * {@link RestSchemaRegistryClient} keys when this serializer was created without a client.
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        String strategyKey = isKey ? SerdeConfig.KEY_SUBJECT_NAME_STRATEGY : SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY;
        this.subjectNameStrategy = SubjectNameStrategy.parse(strategyKey, configs.get(strategyKey));
        if (client == null) {
            client = new RestSchemaRegistryClient(configs);
            ownsClient = true;
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroSerializer has no schema registry client; call configure() with "
                    + SerdeConfig.SCHEMA_REGISTRY_URL + " or pass a client to the constructor");
        }

        Schema schema = data.getSchema();
        int schemaId = schemaIdFor(topic, schema);

        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(WireFormat.MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);

        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(schema, data.getClass()).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Failed to encode a " + schema.getFullName() + " record for topic "
                    + topic + ": " + e.getMessage() + "; check that every non-null field is set", e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            try {
                client.close();
            } catch (IOException e) {
                throw new SerializationException("Failed to close the schema registry client", e);
            }
        }
    }

    private int schemaIdFor(String topic, Schema schema) {
        TopicSchema key = new TopicSchema(topic, schema);
        Integer cached = schemaIds.get(key);
        if (cached != null) {
            return cached;
        }

        String subject = subjectNameStrategy.subject(topic, isKey, schema);
        int id;
        try {
            id = client.register(subject, schema);
        } catch (RegistryRequestException e) {
            throw new SerializationException("Schema registry rejected " + schema.getFullName() + " under subject "
                    + subject + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE,
                    "Failed to register " + schema.getFullName() + " under subject " + subject + ": " + e.getMessage(), e);
        }
        schemaIds.put(key, id);
        return id;
    }

    private DatumWriter<T> writerFor(Schema schema, Class<?> recordClass) {
        return writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(recordClass)));
    }
}
