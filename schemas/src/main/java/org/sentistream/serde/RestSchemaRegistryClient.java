package org.sentistream.serde;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.sentistream.serde.internals.RegistryCredentials;
import org.sentistream.serde.internals.RegistryHttp;
import org.sentistream.serde.internals.RegistryTls;

/**
 * {@link SchemaRegistryClient} over the Confluent schema registry REST API.
 *
 * <p>Registered ids and fetched schemas are cached for the life of the client, so each subject and
 * schema pair costs one registration request and each id one fetch. Both caches grow with the
 * number of distinct schemas, which is small for a service with a fixed set of record types.
 * Thread-safe.
 */
public class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryHttp http;
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** Creates a client of one registry with the default timeouts and retries. */
    public RestSchemaRegistryClient(String baseUrl) {
        this(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, baseUrl));
    }

    /**
     * Creates a client from Kafka-style configs. Reads {@value SerdeConfig#SCHEMA_REGISTRY_URL}
     * (required; a comma-separated list is tried in order), the basic-authentication keys
     * {@value SerdeConfig#BASIC_AUTH_CREDENTIALS_SOURCE} and {@value SerdeConfig#BASIC_AUTH_USER_INFO},
     * the TLS keys {@code schema.registry.ssl.*}, {@value SerdeConfig#CONNECT_TIMEOUT_MS},
     * {@value SerdeConfig#REQUEST_TIMEOUT_MS}, {@value SerdeConfig#MAX_RETRIES} and
     * {@value SerdeConfig#RETRY_BACKOFF_MS}.
     *
     * @throws ConfigException when the URL is missing or a value is invalid
     */
    public RestSchemaRegistryClient(Map<String, ?> configs) {
        List<URI> configuredUrls = parseUrls(configs.get(SerdeConfig.SCHEMA_REGISTRY_URL));
        String userInfo = RegistryCredentials.userInfo(configs, configuredUrls);

        this.http = new RegistryHttp(RegistryCredentials.withoutUserInfo(configuredUrls),
                Duration.ofMillis(parseLong(configs, SerdeConfig.CONNECT_TIMEOUT_MS, SerdeConfig.DEFAULT_CONNECT_TIMEOUT_MS, 1)),
                Duration.ofMillis(parseLong(configs, SerdeConfig.REQUEST_TIMEOUT_MS, SerdeConfig.DEFAULT_REQUEST_TIMEOUT_MS, 1)),
                (int) parseLong(configs, SerdeConfig.MAX_RETRIES, SerdeConfig.DEFAULT_MAX_RETRIES, 0),
                Duration.ofMillis(parseLong(configs, SerdeConfig.RETRY_BACKOFF_MS, SerdeConfig.DEFAULT_RETRY_BACKOFF_MS, 0)),
                userInfo, RegistryTls.sslContext(configs));
    }

    @Override
    public int register(String subject, Schema schema) throws IOException {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }

        ObjectNode request = JSON.createObjectNode().put("schema", schema.toString());
        String path = "/subjects/" + encode(subject) + "/versions";
        RegistryHttp.Response response = http.send("POST", path, JSON.writeValueAsString(request));
        if (response.status() != 200) {
            throw rejection(response, "Registering schema " + schema.getFullName() + " under subject " + subject);
        }

        int id = readBody(response).path("id").asInt(-1);
        if (id < 0) {
            throw new IOException("Invalid registration response from " + response.baseUrl() + ", no id: "
                    + RegistryHttp.abbreviate(response.body()));
        }
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) throws IOException {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }

        RegistryHttp.Response response = http.send("GET", "/schemas/ids/" + id, null);
        if (response.status() == 404) {
            throw new SchemaNotFoundException(id, "Schema id " + id + " not found in the registry at "
                    + response.baseUrl() + "; the value was written against another registry or the schema was deleted");
        }
        if (response.status() != 200) {
            throw rejection(response, "Fetching schema id " + id);
        }

        Schema schema = parseSchema(id, readBody(response), response.baseUrl());
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous == null ? schema : previous;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("schema", schema.toString());
        RegistryHttp.Response response = http.send("POST", "/subjects/" + encode(subject), JSON.writeValueAsString(request));
        if (response.status() != 200) {
            throw rejection(response, "Looking up schema " + schema.getFullName() + " under subject " + subject);
        }

        RegisteredSchema found = parseVersion(readBody(response), response.baseUrl());
        idsBySubjectSchema.put(new SubjectSchema(subject, schema), found.id());
        schemasById.putIfAbsent(found.id(), found.schema());
        return found;
    }

    @Override
    public RegisteredSchema latest(String subject) throws IOException {
        RegistryHttp.Response response = http.send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        if (response.status() != 200) {
            throw rejection(response, "Fetching the latest version of subject " + subject);
        }

        RegisteredSchema latest = parseVersion(readBody(response), response.baseUrl());
        schemasById.putIfAbsent(latest.id(), latest.schema());
        return latest;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("schema", schema.toString());
        String path = "/compatibility/subjects/" + encode(subject) + "/versions/latest";
        RegistryHttp.Response response = http.send("POST", path, JSON.writeValueAsString(request));
        if (response.status() != 200) {
            throw rejection(response, "Testing the compatibility of " + schema.getFullName() + " with subject " + subject);
        }

        JsonNode verdict = readBody(response).get("is_compatible");
        if (verdict == null || !verdict.isBoolean()) {
            throw new IOException("Invalid compatibility response from " + response.baseUrl() + ", no is_compatible: "
                    + RegistryHttp.abbreviate(response.body()));
        }
        return verdict.asBoolean();
    }

    /** Returns the registry URLs this client tries, in order. */
    public List<URI> baseUrls() {
        return http.baseUrls();
    }

    @Override
    public void close() {
        idsBySubjectSchema.clear();
        schemasById.clear();
    }

    private static RegisteredSchema parseVersion(JsonNode body, URI baseUrl) throws IOException {
        int id = body.path("id").asInt(-1);
        int version = body.path("version").asInt(-1);
        if (id < 0 || version < 0 || !body.path("subject").isTextual()) {
            throw new IOException("Invalid subject version response from " + baseUrl + ": "
                    + RegistryHttp.abbreviate(body.toString()));
        }
        return new RegisteredSchema(body.get("subject").asText(), version, id, parseSchema(id, body, baseUrl));
    }

    private static Schema parseSchema(int id, JsonNode body, URI baseUrl) throws IOException {
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new IOException("Schema id " + id + " at " + baseUrl + " has schemaType " + type
                    + "; only AVRO schemas can be read");
        }

        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual()) {
            throw new IOException("Invalid response for schema id " + id + " from " + baseUrl + ": no schema field");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new IOException("Registry at " + baseUrl + " returned an invalid Avro schema for id " + id, e);
        }
    }

    private static JsonNode readBody(RegistryHttp.Response response) throws IOException {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new IOException("Invalid JSON from schema registry " + response.baseUrl() + ": "
                    + RegistryHttp.abbreviate(response.body()), e);
        }
    }

    /** Builds the exception for a 3xx or 4xx response, keeping the registry's error code and message. */
    private static RegistryRequestException rejection(RegistryHttp.Response response, String action) {
        int errorCode = response.status();
        String message = RegistryHttp.abbreviate(response.body());
        try {
            JsonNode error = JSON.readTree(response.body());
            errorCode = error.path("error_code").asInt(errorCode);
            message = error.path("message").asText(message);
        } catch (JsonProcessingException e) {
            // The body is not JSON: keep the raw text as the message.
        }
        return new RegistryRequestException(response.status(), errorCode, action + " failed at " + response.baseUrl()
                + ": HTTP " + response.status() + ", error_code " + errorCode + ": " + message);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Returns the registry URLs of a {@value SerdeConfig#SCHEMA_REGISTRY_URL} value: one URL or a comma-separated
     * list, or a list.
     *
     * @throws ConfigException if an entry is not an http:// or https:// URL, or none is given
     */
    public static List<URI> parseUrls(Object value) {
        List<String> entries = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(item -> entries.add(String.valueOf(item)));
        } else if (value != null) {
            entries.addAll(List.of(value.toString().split(",")));
        }

        List<URI> urls = new ArrayList<>();
        for (String entry : entries) {
            String url = entry.strip();
            if (url.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SerdeConfig.SCHEMA_REGISTRY_URL, url, "not a valid URL: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new ConfigException(SerdeConfig.SCHEMA_REGISTRY_URL, url, "expected an http:// or https:// URL");
            }
            urls.add(uri);
        }

        if (urls.isEmpty()) {
            throw new ConfigException("Missing " + SerdeConfig.SCHEMA_REGISTRY_URL
                    + "; set it to the schema registry base URL, for example http://127.0.0.1:8081");
        }
        return urls;
    }

    private static long parseLong(Map<String, ?> configs, String key, long defaultValue, long minimum) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }

        long parsed;
        try {
            parsed = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a whole number");
        }
        if (parsed < minimum) {
            throw new ConfigException(key, value, "must be at least " + minimum);
        }
        return parsed;
    }
}
