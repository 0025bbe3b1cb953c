package org.sentistream.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Minimal HTTP client for endpoint tests, with bounded timeouts. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: status, body and Content-Type header. */
    record Response(int status, String body, String contentType) {

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        int errorCode() throws IOException {
            return json().path("error_code").asInt();
        }
    }

    private final String baseUrl;

    Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Response get(String path) throws Exception {
        return send("GET", path, null);
    }

    Response post(String path, String body) throws Exception {
        return send("POST", path, body);
    }

    Response put(String path, String body) throws Exception {
        return send("PUT", path, body);
    }

    Response delete(String path) throws Exception {
        return send("DELETE", path, null);
    }

    /** Posts {@code {"schema": schema}} to a path. */
    Response postSchema(String path, String schema) throws Exception {
        return post(path, JSON.createObjectNode().put("schema", schema).toString());
    }

    /** Posts a body without Content-Length, so the client sends it in chunks. */
    Response postChunked(String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    Response send(String method, String path, String body) throws Exception {
        return send(method, path, body, "application/vnd.schemaregistry.v1+json");
    }

    /** Sends a request with the given Content-Type, or none when {@code contentType} is null. */
    Response send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        HttpRequest request = builder
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }
}
