package org.sentistream.connect.internals;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Connect form of one generated Avro class: its Connect schema and the conversion of its
 * instances to structs. Source connectors build their values with it, so the converter writes
 * exactly the schema the rest of the product reads.
 */
public final class ConnectRecords<T extends SpecificRecord> {

    private final org.apache.avro.Schema avroSchema;
    private final Schema connectSchema;

    /** Creates the Connect form of the records of {@code avroSchema}, for example {@code SocialPost.getClassSchema()}. */
    public ConnectRecords(org.apache.avro.Schema avroSchema) {
        this.avroSchema = avroSchema;
        this.connectSchema = new AvroSchemaMapping().toConnect(avroSchema);
    }

    /** Returns the Connect schema of the records. */
    public Schema schema() {
        return connectSchema;
    }

    /** Converts one record into a struct of {@link #schema()}. */
    public Struct toStruct(T record) {
        return (Struct) AvroValueMapping.toConnect(record, avroSchema, connectSchema);
    }
}
