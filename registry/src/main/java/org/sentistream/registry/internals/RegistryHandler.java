package org.sentistream.registry.internals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.sentistream.registry.SchemaStoreException;
import org.sentistream.registry.SchemaVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP handler in front of {@link RegistryService}. It routes the Confluent REST paths, decodes JSON
 * requests and writes JSON responses. Every failure becomes a {@code {"error_code", "message"}}
 * response, and a bug in a route returns 500 without stopping the server.
 */
public final class RegistryHandler implements HttpHandler {

    /** Media type of Confluent schema registry requests and responses. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /**
     * Largest request body accepted, in bytes. It is about 48 KB below the 1 MiB default max.request.size of
     * the Kafka-backed store's producer, which leaves room for the subject and about 100 bytes of key and JSON
     * in the store's record. The store rejects a record that is still too large with 422 before writing it.
     */
    public static final int MAX_BODY_BYTES = 1_000_000;

    /** Media types of request bodies, as the Confluent Schema Registry accepts them. */
    private static final Set<String> ACCEPTED_BODY_TYPES = Set.of("application/vnd.schemaregistry.v1+json",
            "application/vnd.schemaregistry+json", "application/json", "application/octet-stream");

    /**
     * Maximum bytes of a rejected or unread request body that are read and discarded before the connection is
     * reused. Closing a connection that still has unread bytes makes the kernel reset it, and the reset can
     * discard the error response before the client reads it. A larger body gets the response and then a
     * closed connection, which some clients report as a reset instead.
     */
    static final long MAX_DISCARDED_BODY_BYTES = 64L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final RegistryService service;
    private final boolean loopbackHostsOnly;
    private final AtomicLong requests = new AtomicLong();

    /** A decoded schema request body. */
    private record SchemaRequest(String schema, String schemaType) {
    }

    public RegistryHandler(RegistryService service) {
        this(service, false);
    }

    /**
     * @param loopbackHostsOnly true to serve only requests whose Host header is localhost or an IP
     *     address. Set it for a server on a loopback address, so a web page whose name an attacker
     *     rebinds to 127.0.0.1 cannot register or delete schemas through a browser on this machine.
     */
    public RegistryHandler(RegistryService service, boolean loopbackHostsOnly) {
        this.service = service;
        this.loopbackHostsOnly = loopbackHostsOnly;
    }

    /** Returns true for a Host header that names localhost or an IP address, or for no Host header. */
    static boolean loopbackHost(String header) {
        if (header == null || header.isBlank()) {
            return true;
        }
        String host = header.strip();
        if (host.startsWith("[")) {
            return host.indexOf(']') > 1;
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        return host.equalsIgnoreCase("localhost") || IPV4.matcher(host).matches();
    }

    /** Returns the number of requests handled since start, successful or not. */
    public long requestCount() {
        return requests.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        long start = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();

        int status;
        try (exchange) {
            String body;
            try {
                status = 200;
                String host = exchange.getRequestHeaders().getFirst("Host");
                if (loopbackHostsOnly && !loopbackHost(host)) {
                    throw new RegistryException(403, RegistryException.FORBIDDEN_HOST, "Host '" + host + "' is not "
                            + "localhost or an IP address. The registry listens on a loopback address, so it serves "
                            + "only such names. Bind it to another address to serve other names.");
                }
                body = route(method, segments(path), exchange);
            } catch (RegistryException e) {
                LOG.debug("Rejected {} {} with error_code {}: {}", method, path, e.errorCode(), e.getMessage());
                status = e.status();
                body = error(e.errorCode(), e.getMessage());
            } catch (SchemaStoreException e) {
                LOG.warn("Request {} {} failed in the schema store: {}", method, path, e.getMessage(), e);
                status = 500;
                body = error(RegistryException.STORE_ERROR, "Error in the backend data store: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Request {} {} failed with an internal error", method, path, e);
                status = 500;
                body = error(50001, "Internal error: " + e);
            }
            send(exchange, status, body);
        }

        LOG.debug("{} {} -> {} in {} ms", method, path, status, (System.nanoTime() - start) / 1_000_000);
    }

    private String route(String method, List<String> segments, HttpExchange exchange) throws IOException {
        String root = segments.isEmpty() ? "" : segments.get(0);
        switch (root) {
            case "":
                requireMethod(method, "GET");
                return "{}";
            case "schemas":
                return routeSchemas(method, segments);
            case "subjects":
                return routeSubjects(method, segments, exchange);
            case "config":
                return routeConfig(method, segments, exchange);
            case "compatibility":
                return routeCompatibility(method, segments, exchange);
            default:
                throw notFound(segments);
        }
    }

    private String routeSchemas(String method, List<String> segments) throws IOException {
        if (segments.size() == 2 && segments.get(1).equals("types")) {
            requireMethod(method, "GET");
            return "[\"AVRO\"]";
        }
        if (segments.size() < 3 || segments.size() > 4 || !segments.get(1).equals("ids")) {
            throw notFound(segments);
        }

        requireMethod(method, "GET");
        int id = parseId(segments.get(2));
        if (segments.size() == 3) {
            return JSON.writeValueAsString(JSON.createObjectNode().put("schema", service.schemaById(id)));
        }
        if (!segments.get(3).equals("versions")) {
            throw notFound(segments);
        }

        ArrayNode versions = JSON.createArrayNode();
        for (SchemaVersion version : service.versionsUsing(id)) {
            versions.addObject().put("subject", version.subject()).put("version", version.version());
        }
        return JSON.writeValueAsString(versions);
    }

    private String routeSubjects(String method, List<String> segments, HttpExchange exchange) throws IOException {
        boolean includeDeleted = queryFlag(exchange, "deleted");
        if (segments.size() == 1) {
            requireMethod(method, "GET");
            return JSON.writeValueAsString(service.subjects(includeDeleted));
        }

        String subject = segments.get(1);
        if (segments.size() == 2) {
            requireMethod(method, "POST", "DELETE");
            if (method.equals("DELETE")) {
                return JSON.writeValueAsString(service.deleteSubject(subject, queryFlag(exchange, "permanent")));
            }
            SchemaRequest request = readSchemaRequest(exchange);
            return versionJson(service.lookup(subject, request.schema(), request.schemaType(), includeDeleted));
        }
        if (!segments.get(2).equals("versions") || segments.size() > 5) {
            throw notFound(segments);
        }

        if (segments.size() == 3) {
            requireMethod(method, "GET", "POST");
            if (method.equals("GET")) {
                return JSON.writeValueAsString(service.versionNumbers(subject, includeDeleted));
            }
            SchemaRequest request = readSchemaRequest(exchange);
            int id = service.register(subject, request.schema(), request.schemaType());
            return JSON.writeValueAsString(JSON.createObjectNode().put("id", id));
        }

        if (segments.size() == 4) {
            requireMethod(method, "GET", "DELETE");
            if (method.equals("DELETE")) {
                return Integer.toString(service.deleteVersion(subject, segments.get(3), queryFlag(exchange, "permanent")));
            }
        } else {
            requireMethod(method, "GET");
        }
        SchemaVersion version = service.version(subject, segments.get(3), includeDeleted);
        if (segments.size() == 4) {
            return versionJson(version);
        }
        if (!segments.get(4).equals("schema")) {
            throw notFound(segments);
        }
        return version.schema();
    }

    private String routeConfig(String method, List<String> segments, HttpExchange exchange) throws IOException {
        if (segments.size() > 2) {
            throw notFound(segments);
        }
        requireMethod(method, "GET", "PUT");
        String subject = segments.size() == 2 ? segments.get(1) : null;

        if (method.equals("GET")) {
            boolean defaultToGlobal = String.valueOf(exchange.getRequestURI().getQuery()).contains("defaultToGlobal=true");
            String level = subject == null ? service.globalCompatibility().name()
                    : service.subjectCompatibility(subject, defaultToGlobal).name();
            return JSON.writeValueAsString(JSON.createObjectNode().put("compatibilityLevel", level));
        }

        JsonNode request = readJsonObject(exchange);
        String requested = textField(request, "compatibility");
        String level = subject == null ? service.setGlobalCompatibility(requested).name()
                : service.setSubjectCompatibility(subject, requested).name();
        return JSON.writeValueAsString(JSON.createObjectNode().put("compatibility", level));
    }

    private String routeCompatibility(String method, List<String> segments, HttpExchange exchange) throws IOException {
        boolean matches = segments.size() == 5 && segments.get(1).equals("subjects") && segments.get(3).equals("versions");
        if (!matches) {
            throw notFound(segments);
        }
        requireMethod(method, "POST");

        SchemaRequest request = readSchemaRequest(exchange);
        List<String> violations = service.checkCompatibility(segments.get(2), segments.get(4),
                request.schema(), request.schemaType());
        ObjectNode response = JSON.createObjectNode().put("is_compatible", violations.isEmpty());
        if (exchange.getRequestURI().getQuery() != null && exchange.getRequestURI().getQuery().contains("verbose=true")) {
            ArrayNode messages = response.putArray("messages");
            violations.forEach(messages::add);
        }
        return JSON.writeValueAsString(response);
    }

    private static String versionJson(SchemaVersion version) throws JsonProcessingException {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema()));
    }

    private static SchemaRequest readSchemaRequest(HttpExchange exchange) throws IOException {
        JsonNode request = readJsonObject(exchange);

        JsonNode references = request.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw RegistryException.invalidSchema("schema references are not supported");
        }
        return new SchemaRequest(textField(request, "schema"), textField(request, "schemaType"));
    }

    private static JsonNode readJsonObject(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange);

        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw RegistryException.badRequest("Malformed JSON request body: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw RegistryException.badRequest("Request body must be a JSON object");
        }
        return request;
    }

    /**
     * Reads the request body, rejecting one above {@link #MAX_BODY_BYTES} from its Content-Length before
     * reading it, or after reading one byte too many when the length is not declared. The rest of a rejected
     * body is discarded after the response, by {@link #send}.
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        requireJsonContentType(exchange);
        long declared = declaredBodyLength(exchange);
        if (declared > MAX_BODY_BYTES) {
            throw bodyTooLarge(declared + " bytes");
        }

        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw bodyTooLarge("more than " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private static RegistryException bodyTooLarge(String size) {
        return new RegistryException(413, 413, "Request body is " + size + ", larger than the limit of "
                + MAX_BODY_BYTES + " bytes");
    }

    /**
     * Rejects a body whose Content-Type is not one the Confluent Schema Registry accepts: its two JSON media
     * types, plain JSON, or application/octet-stream, which is also the type of a body sent without one.
     */
    private static void requireJsonContentType(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Content-Type");
        if (header == null || header.isBlank()) {
            return;
        }
        int parameters = header.indexOf(';');
        String mediaType = (parameters < 0 ? header : header.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
        if (!ACCEPTED_BODY_TYPES.contains(mediaType)) {
            throw new RegistryException(415, 415, "HTTP 415 Unsupported Media Type");
        }
    }

    /** Returns the Content-Length of the request, or -1 when it is missing or not a number. */
    private static long declaredBodyLength(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Content-Length");
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Returns true when the query string has {@code name=true}, ignoring the case of the value. */
    private static boolean queryFlag(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).equals(name)
                    && parameter.substring(equals + 1).equalsIgnoreCase("true")) {
                return true;
            }
        }
        return false;
    }

    /** Returns a string field, or null when absent; rejects a field of another JSON type. */
    private static String textField(JsonNode request, String name) {
        JsonNode field = request.get(name);
        if (field == null || field.isNull()) {
            return null;
        }
        if (!field.isTextual()) {
            throw new RegistryException(422, 422, "Field '" + name + "' must be a string, got " + field.getNodeType());
        }
        return field.asText();
    }

    private static void requireMethod(String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        throw new RegistryException(405, 405, "HTTP method " + method + " not allowed here; allowed: "
                + String.join(", ", allowed));
    }

    private static int parseId(String segment) {
        try {
            return Integer.parseInt(segment);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound("id " + segment);
        }
    }

    private static RegistryException notFound(List<String> segments) {
        return new RegistryException(404, 404, "HTTP 404 Not Found: /" + String.join("/", segments));
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(decode(raw));
            }
        }
        return segments;
    }

    private static String decode(String rawSegment) {
        try {
            // '+' is a literal character in a path, unlike in a query string.
            return URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryException.badRequest("Invalid percent-encoding in path segment '" + rawSegment + "'");
        }
    }

    private static String error(int errorCode, String message) {
        ObjectNode error = JSON.createObjectNode().put("error_code", errorCode).put("message", message);
        try {
            return JSON.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize an error response", e);
        }
    }

    /** Sends the response, then discards what is left of the request body before the exchange closes. */
    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        if (declaredBodyLength(exchange) > MAX_DISCARDED_BODY_BYTES) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(status, bytes.length);

        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
            out.flush();
            discardRequestBody(exchange);
        }
    }

    /**
     * Reads and drops up to {@link #MAX_DISCARDED_BODY_BYTES} of unread request body, so that the client
     * finishes sending and reads the response. A client that stalls mid-body keeps this worker busy for as
     * long as the server keeps the connection open, as reading an accepted body does.
     */
    private static void discardRequestBody(HttpExchange exchange) {
        InputStream in = exchange.getRequestBody();
        byte[] buffer = new byte[64 * 1024];
        long discarded = 0;
        try {
            int read = 0;
            while (discarded < MAX_DISCARDED_BODY_BYTES && read != -1) {
                read = in.read(buffer);
                discarded += Math.max(read, 0);
            }
        } catch (IOException e) {
            LOG.debug("Stopped discarding the request body after {} bytes: {}", discarded, e.toString());
        }
        if (discarded > 0) {
            LOG.debug("Discarded {} unread bytes of the request body", discarded);
        }
    }
}
