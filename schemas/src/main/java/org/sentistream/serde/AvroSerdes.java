package org.sentistream.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.sentistream.serde.internals.TrustedPackages;

/** Factory of Kafka serdes for generated Avro classes in the Confluent wire format. */
public final class AvroSerdes {

    /** Package of the generated Sentistream record classes, which the serde classes make Avro trust. */
    public static final String SCHEMAS_PACKAGE = "org.sentistream.schemas";

    static {
        TrustedPackages.trust(SCHEMAS_PACKAGE);
    }

    private AvroSerdes() {
    }

    /**
     * Returns a value serde of {@code type} on a client the caller owns and closes. Closing the serde
     * does not close the client.
     */
    public static <T extends SpecificRecord> Serde<T> serde(SchemaRegistryClient client, Class<T> type) {
        return Serdes.serdeFrom(new AvroSerializer<>(client), new AvroDeserializer<>(client, type));
    }
}
