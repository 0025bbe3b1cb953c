package org.sentistream.registry;

/**
 * Failure of the storage behind the registry, such as an unreachable Kafka cluster or a write that
 * was not confirmed in time. The server returns HTTP 500 for it, which clients retry.
 */
public class SchemaStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SchemaStoreException(String message) {
        super(message);
    }

    public SchemaStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
