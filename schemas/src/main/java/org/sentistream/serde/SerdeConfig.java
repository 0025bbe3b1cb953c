package org.sentistream.serde;

/** Configuration keys read by the serializer, the deserializer and {@link RestSchemaRegistryClient}. */
public final class SerdeConfig {

    /** Base URL of the schema registry, or a comma-separated list of them tried in order. Required. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /** {@code user:password} for HTTP basic authentication against the registry. Optional. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    /**
     * Source of the basic-authentication credentials: {@code USER_INFO} reads
     * {@value #BASIC_AUTH_USER_INFO}, {@code URL} reads the user info of the registry URL
     * ({@code https://user:password@host}). Unset uses whichever of the two is present.
     */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

    /** Subject name strategy of value serializers: TopicNameStrategy (default), RecordNameStrategy or TopicRecordNameStrategy. */
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    /** Subject name strategy of key serializers, with the same values as {@link #VALUE_SUBJECT_NAME_STRATEGY}. */
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

    /** Trust store file of the CAs that sign the registry's TLS certificate; unset uses the JDK's default CAs. */
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

    /** Password of {@link #SSL_TRUSTSTORE_LOCATION}. */
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

    /** Type of {@link #SSL_TRUSTSTORE_LOCATION}: PKCS12 (default) or JKS. */
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

    /** Key store file with the client certificate and key, for registries that require mutual TLS. */
    public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";

    /** Password of {@link #SSL_KEYSTORE_LOCATION}. */
    public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";

    /** Type of {@link #SSL_KEYSTORE_LOCATION}: PKCS12 (default) or JKS. */
    public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";

    /** Password of the private key in the key store; unset uses {@link #SSL_KEYSTORE_PASSWORD}. */
    public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";

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
