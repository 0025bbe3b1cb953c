package org.sentistream.serde;

import java.io.Closeable;
import java.io.IOException;

import org.apache.avro.Schema;

/**
 * Client of a Confluent-compatible schema registry.
 *
 * <p>A {@link SchemaNotFoundException} means the registry responded and has no such schema. Any
 * other {@link IOException} means the registry could not be reached or failed, and a retry may
 * succeed.
 */
public interface SchemaRegistryClient extends Closeable {

    /**
     * Registers a schema under a subject, or finds it if it is already registered
     * ({@code POST /subjects/{subject}/versions}).
     *
     * @return the global id of the schema
     * @throws IOException when the registry rejects the schema (for example as incompatible)
     *                     or cannot be reached
     */
    int register(String subject, Schema schema) throws IOException;

    /**
     * Fetches a schema by its global id ({@code GET /schemas/ids/{id}}).
     *
     * @throws SchemaNotFoundException when the registry has no schema with this id
     * @throws IOException             when the registry cannot be reached or fails
     */
    Schema getSchemaById(int id) throws IOException;

    /**
     * Finds the version of a subject whose schema equals this one ({@code POST /subjects/{subject}}).
     *
     * @throws RegistryRequestException with status 404 when the subject or the schema under it is unknown
     * @throws IOException              when the registry cannot be reached or fails
     */
    default RegisteredSchema lookup(String subject, Schema schema) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " does not support lookup");
    }

    /**
     * Fetches the latest version of a subject ({@code GET /subjects/{subject}/versions/latest}).
     * Never cached, because another producer may register a newer version at any time.
     *
     * @throws RegistryRequestException with status 404 when the subject is unknown
     * @throws IOException              when the registry cannot be reached or fails
     */
    default RegisteredSchema latest(String subject) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " does not support latest");
    }

    /**
     * Tests a schema against the subject's compatibility level without registering it
     * ({@code POST /compatibility/subjects/{subject}/versions/latest}).
     *
     * @return whether the registry would accept the schema as the subject's next version
     * @throws RegistryRequestException with status 404 when the subject is unknown
     * @throws IOException              when the registry cannot be reached or fails
     */
    default boolean isCompatible(String subject, Schema schema) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " does not support isCompatible");
    }
}
