package org.sentistream.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.sentistream.serde.WireFormatException.Reason;
import org.sentistream.serde.internals.TrustedPackages;

/**
 * Kafka deserializer of Confluent wire-format values into a generated Avro class.
 *
 * <p>Decodes with the writer schema fetched by id from the registry, resolved against the reader
 * schema of {@code T}, so values written with an older or newer compatible schema decode. One
 * {@link DatumReader} is cached per schema id. A null value deserializes to null. Every failure is a
 * {@link WireFormatException} whose {@link WireFormatException#reason()} names the cause. Avro 1.12
 * rejects string, bytes and collection lengths larger than the remaining input before allocating,
 * so a corrupt length ends as {@link Reason#UNDECODABLE}, not as an OutOfMemoryError. Thread-safe.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    static {
        TrustedPackages.trust(AvroSerdes.SCHEMAS_PACKAGE);
    }

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private Class<T> type;
    private Schema readerSchema;
    private SpecificData specificData;

    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /**
     * Creates a deserializer that builds its registry client and reads the target class from
     * {@value SerdeConfig#SPECIFIC_AVRO_READER_CLASS} in {@link #configure(Map, boolean)}.
     */
    public AvroDeserializer() {
    }

    /** Creates a deserializer of {@code type} on a client the caller owns and closes. */
    public AvroDeserializer(SchemaRegistryClient client, Class<T> type) {
        this.client = client;
        setType(type);
    }

    /**
     * Reads {@value SerdeConfig#SCHEMA_REGISTRY_URL} (and the other {@link RestSchemaRegistryClient}
     * keys) when created without a client, and {@value SerdeConfig#SPECIFIC_AVRO_READER_CLASS} when
     * created without a type.
     *
     * @throws ConfigException when the reader class is missing, not found or not a generated Avro class
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (type == null) {
            setType(readerClass(configs.get(SerdeConfig.SPECIFIC_AVRO_READER_CLASS)));
        }
        if (client == null) {
            client = new RestSchemaRegistryClient(configs);
            ownsClient = true;
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null || type == null) {
            throw new IllegalStateException("AvroDeserializer is not configured; call configure() with "
                    + SerdeConfig.SCHEMA_REGISTRY_URL + " and " + SerdeConfig.SPECIFIC_AVRO_READER_CLASS
                    + " or pass a client and a type to the constructor");
        }

        int schemaId = WireFormat.schemaId(data);
        DatumReader<T> reader = readerFor(schemaId, topic);
        return decode(topic, schemaId, reader, data);
    }

    /** Returns the generated class this deserializer produces. */
    public Class<T> type() {
        return type;
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            try {
                client.close();
            } catch (IOException e) {
                throw new WireFormatException(Reason.REGISTRY_UNAVAILABLE, "Failed to close the schema registry client", e);
            }
        }
    }

    private T decode(String topic, int schemaId, DatumReader<T> reader, byte[] data) {
        int bodyLength = data.length - WireFormat.HEADER_SIZE;
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, bodyLength, null);

        T record;
        boolean atEnd;
        try {
            record = reader.read(null, decoder);
            atEnd = decoder.isEnd();
        } catch (SecurityException e) {
            // An untrusted class is a deployment error, not a bad record: it must not be dead-lettered.
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(Reason.UNDECODABLE, "Failed to decode the " + bodyLength
                    + "-byte Avro body of schema id " + schemaId + " on topic " + topic + " as "
                    + type.getName() + ": " + e, e);
        }

        if (!atEnd) {
            throw new WireFormatException(Reason.UNDECODABLE, "Avro body of schema id " + schemaId + " on topic "
                    + topic + " has bytes left after the " + type.getName()
                    + " record; the value is corrupt or the schema id does not match the body");
        }
        return record;
    }

    private DatumReader<T> readerFor(int schemaId, String topic) {
        DatumReader<T> cached = readers.get(schemaId);
        if (cached != null) {
            return cached;
        }

        Schema writerSchema;
        try {
            writerSchema = client.getSchemaById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new WireFormatException(Reason.UNKNOWN_SCHEMA_ID, "Unknown schema id " + schemaId
                    + " in a value on topic " + topic + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new WireFormatException(Reason.REGISTRY_UNAVAILABLE, "Failed to fetch schema id " + schemaId
                    + " for topic " + topic + ": " + e.getMessage(), e);
        }

        DatumReader<T> reader = new SpecificDatumReader<>(writerSchema, readerSchema, specificData);
        DatumReader<T> previous = readers.putIfAbsent(schemaId, reader);
        return previous == null ? reader : previous;
    }

    private void setType(Class<T> type) {
        this.type = type;
        this.specificData = SpecificData.getForClass(type);
        this.readerSchema = specificData.getSchema(type);
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Class<T> readerClass(Object value) {
        if (value instanceof Class<?> c) {
            return checkRecordClass(c, c.getName());
        }
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException("Missing " + SerdeConfig.SPECIFIC_AVRO_READER_CLASS
                    + "; set it to the generated Avro class to decode into, for example org.sentistream.schemas.SocialPost");
        }

        String name = value.toString().strip();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> c = Class.forName(name, true, loader != null ? loader : AvroDeserializer.class.getClassLoader());
            return checkRecordClass(c, name);
        } catch (ClassNotFoundException e) {
            throw new ConfigException(SerdeConfig.SPECIFIC_AVRO_READER_CLASS, name, "class not found on the classpath");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Class<T> checkRecordClass(Class<?> c, String name) {
        if (!SpecificRecord.class.isAssignableFrom(c)) {
            throw new ConfigException(SerdeConfig.SPECIFIC_AVRO_READER_CLASS, name,
                    "not a generated Avro class (it does not implement " + SpecificRecord.class.getName() + ")");
        }
        return (Class<T>) c;
    }
}
