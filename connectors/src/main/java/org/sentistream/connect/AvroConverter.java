package org.sentistream.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.sentistream.connect.internals.AvroSchemaMapping;
import org.sentistream.connect.internals.AvroValueMapping;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.serde.SchemaNotFoundException;
import org.sentistream.serde.SchemaRegistryClient;
import org.sentistream.serde.SerdeConfig;
import org.sentistream.serde.WireFormat;

/**
 * Kafka Connect converter between Connect data and Avro in the Confluent wire format, so a worker
 * reads and writes the same bytes as {@link org.sentistream.serde.AvroSerializer} and
 * {@link org.sentistream.serde.AvroDeserializer}.
 *
 * <p>Configured with {@value SerdeConfig#SCHEMA_REGISTRY_URL} and the other keys
 * {@link RestSchemaRegistryClient} reads. Writing registers the Avro form of the Connect schema
 * under {@code <topic>-value} (or {@code -key}); reading fetches the writer schema by the id in the
 * header. Schema mapping rules are in {@link AvroSchemaMapping}. Thread-safe.
 */
public class AvroConverter implements Converter {

    private final AvroSchemaMapping schemaMapping = new AvroSchemaMapping();
    private final Map<Schema, org.apache.avro.Schema> avroSchemas = new ConcurrentHashMap<>();
    private final Map<Integer, ReadSchemas> readSchemas = new ConcurrentHashMap<>();

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;

    private record ReadSchemas(org.apache.avro.Schema avro, Schema connect) {
    }

    /** Creates a converter that builds its registry client in {@link #configure(Map, boolean)}. */
    public AvroConverter() {
    }

    /** Creates a converter on a client the caller owns and closes. */
    public AvroConverter(SchemaRegistryClient client) {
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (client == null) {
            client = new RestSchemaRegistryClient(configs);
            ownsClient = true;
        }
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema == null) {
            throw new DataException("AvroConverter needs a Connect schema for the value on topic " + topic
                    + "; the source connector or transformation produced a schemaless value");
        }

        org.apache.avro.Schema avroSchema = avroSchemas.computeIfAbsent(schema, schemaMapping::toAvro);
        String subject = topic + (isKey ? "-key" : "-value");
        int schemaId;
        try {
            schemaId = client.register(subject, avroSchema);
        } catch (IOException e) {
            throw new DataException("Failed to register the Avro schema " + avroSchema.getFullName()
                    + " under subject " + subject + ": " + e.getMessage(), e);
        }

        Object datum = AvroValueMapping.toAvro(value, schema, avroSchema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<>(avroSchema).write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new DataException("Failed to encode a " + avroSchema.getFullName() + " value for topic " + topic
                    + ": " + e.getMessage(), e);
        }
        return WireFormat.frame(schemaId, out.toByteArray());
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }

        int schemaId;
        try {
            schemaId = WireFormat.schemaId(value);
        } catch (RuntimeException e) {
            throw new DataException("Value on topic " + topic + " is not in the Confluent wire format: "
                    + e.getMessage(), e);
        }
        ReadSchemas schemas = readSchemasFor(schemaId, topic);

        Object datum;
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_SIZE,
                    value.length - WireFormat.HEADER_SIZE, null);
            datum = new GenericDatumReader<>(schemas.avro()).read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new DataException("Failed to decode the Avro body of schema id " + schemaId + " on topic "
                    + topic + ": " + e.getMessage(), e);
        }
        return new SchemaAndValue(schemas.connect(), AvroValueMapping.toConnect(datum, schemas.avro(), schemas.connect()));
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            try {
                client.close();
            } catch (IOException e) {
                throw new DataException("Failed to close the schema registry client", e);
            }
        }
    }

    private ReadSchemas readSchemasFor(int schemaId, String topic) {
        ReadSchemas cached = readSchemas.get(schemaId);
        if (cached != null) {
            return cached;
        }

        org.apache.avro.Schema avro;
        try {
            avro = client.getSchemaById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new DataException("Unknown schema id " + schemaId + " in a value on topic " + topic
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataException("Failed to fetch schema id " + schemaId + " for topic " + topic
                    + ": " + e.getMessage(), e);
        }

        ReadSchemas schemas = new ReadSchemas(avro, schemaMapping.toConnect(avro));
        ReadSchemas previous = readSchemas.putIfAbsent(schemaId, schemas);
        return previous == null ? schemas : previous;
    }
}
