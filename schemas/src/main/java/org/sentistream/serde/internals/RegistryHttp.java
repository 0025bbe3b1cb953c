package org.sentistream.serde.internals;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP transport to one or more schema registry URLs, with failover and retries.
 *
 * <p>A connection error or a 5xx response moves on to the next URL. After every URL failed, the
 * transport sleeps (doubling the backoff each round) and tries all of them again, up to
 * {@code maxRetries} more rounds. Any 2xx, 3xx or 4xx response is returned to the caller as is.
 */
public final class RegistryHttp {

    /** Media type of Confluent schema registry requests and responses. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);

    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final List<URI> baseUrls;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final String authorization;

    /** Index in {@code baseUrls} of the URL that returned the last response, tried first on the next request. */
    private volatile int preferred;

    /** A response: status, body and the base URL that produced it. */
    public record Response(int status, String body, URI baseUrl) {
    }

    /**
     * @param userInfo   {@code user:password} for basic authentication, or null for none
     * @param sslContext TLS context for https URLs, or null for the JDK default
     */
    public RegistryHttp(List<URI> baseUrls, Duration connectTimeout, Duration requestTimeout,
                        int maxRetries, Duration retryBackoff, String userInfo, SSLContext sslContext) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("No schema registry URL given");
        }
        this.baseUrls = List.copyOf(baseUrls);
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.retryBackoff = retryBackoff;
        this.authorization = userInfo == null || userInfo.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
    }

    /** Returns the configured base URLs, in the order they were given. */
    public List<URI> baseUrls() {
        return baseUrls;
    }

    /**
     * Sends one request and returns the first non-5xx response.
     *
     * @param path     path starting with '/', already percent-encoded
     * @param jsonBody request body, or null for a request without a body
     * @throws IOException when no URL returned a non-5xx response after all retries
     */
    public Response send(String method, String path, String jsonBody) throws IOException {
        String lastError = null;
        IOException lastCause = null;

        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                long backoffMs = retryBackoff.toMillis() << (attempt - 1);
                LOG.warn("Schema registry request {} {} failed ({}); retry {} of {} in {} ms",
                        method, path, lastError, attempt, maxRetries, backoffMs);
                sleep(backoffMs);
            }

            int start = preferred;
            for (int i = 0; i < baseUrls.size(); i++) {
                int index = (start + i) % baseUrls.size();
                URI baseUrl = baseUrls.get(index);
                try {
                    Response response = exchange(baseUrl, method, path, jsonBody);
                    if (response.status() < 500) {
                        preferred = index;
                        return response;
                    }
                    lastError = baseUrl + " returned HTTP " + response.status() + ": " + abbreviate(response.body());
                    lastCause = null;
                } catch (InterruptedIOException e) {
                    throw e;
                } catch (IOException e) {
                    lastError = baseUrl + ": " + e;
                    lastCause = e;
                }
            }
        }

        throw new IOException("Schema registry unavailable: " + method + " " + path + " failed on " + baseUrls
                + " after " + (maxRetries + 1) + " attempts, last error " + lastError
                + "; check " + "schema.registry.url and that the registry is running", lastCause);
    }

    private Response exchange(URI baseUrl, String method, String path, String jsonBody) throws IOException {
        HttpRequest.BodyPublisher body = jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(baseUrl, path))
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body);
        if (jsonBody != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }

        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            LOG.debug("{} {}{} -> {}", method, baseUrl, path, response.statusCode());
            return new Response(response.statusCode(), response.body(), baseUrl);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted during " + method + " " + baseUrl + path);
        }
    }

    private static URI resolve(URI baseUrl, String path) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path);
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to retry a schema registry request");
        }
    }

    /** Shortens a response body for an error message. */
    public static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
