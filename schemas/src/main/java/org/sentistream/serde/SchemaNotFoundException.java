package org.sentistream.serde;

import java.io.IOException;

/** Response of a registry that has no schema with the requested id (Confluent error code 40403). */
public class SchemaNotFoundException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int schemaId;

    public SchemaNotFoundException(int schemaId, String message) {
        super(message);
        this.schemaId = schemaId;
    }

    /** Returns the schema id the registry did not find. */
    public int schemaId() {
        return schemaId;
    }
}
