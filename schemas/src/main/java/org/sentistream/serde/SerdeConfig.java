package org.sentistream.serde;

/** Configuration keys read by the serializer, the deserializer and {@link RestSchemaRegistryClient}. */
public final class SerdeConfig {

    /** Base URL of the schema registry, or a comma-separated list of them tried in order. Required. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /** {@code user:password} for HTTP basic authentication against the registry. Optional. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    /** Fully qualified name of the generated Avro class the deserializer returns. */
    public static final String SPECIFIC_AVRO_READER_CLASS = "specific.avro.reader.class";

    /** Milliseconds to wait for a TCP connection to the registry. Default {@value #DEFAULT_CONNECT_TIMEOUT_MS}. */
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";

    /** Milliseconds to wait for one registry response. Default {@value #DEFAULT_REQUEST_TIMEOUT_MS}. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    /** Retries after a connection error or a 5xx response, with doubling backoff. Default {@value #DEFAULT_MAX_RETRIES}. */
    public static final String MAX_RETRIES = "schema.registry.max.retries";

    /** Backoff before the first retry in milliseconds. Default {@value #DEFAULT_RETRY_BACKOFF_MS}. */
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 200;

    private SerdeConfig() {
    }
}
