package org.sentistream.connect.mastodon.internals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sentistream.connect.internals.RateLimiter;

/**
 * HTTP calls to one Mastodon server's REST timelines and streaming API over
 * {@link java.net.http.HttpClient}. Every request first takes a permit from the rate limiter.
 */
public final class MastodonHttp {

    /** Statuses per REST page; Mastodon caps {@code limit} at 40. */
    public static final int PAGE_SIZE = 40;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "sentistream-mastodon-source";

    private final HttpClient client;
    private final URI baseUrl;
    private final String hashtag;
    private final String accessToken;
    private final Duration requestTimeout;
    private final RateLimiter rateLimiter;

    /**
     * @param hashtag     tag of the hashtag timeline, or null for the public timeline
     * @param accessToken bearer token, or null to send none
     */
    public MastodonHttp(URI baseUrl, String hashtag, String accessToken, Duration timeout, RateLimiter rateLimiter) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.baseUrl = baseUrl;
        this.hashtag = hashtag;
        this.accessToken = accessToken;
        this.requestTimeout = timeout;
        this.rateLimiter = rateLimiter;
    }

    /**
     * Fetches the statuses right after {@code minId}, oldest first
     * ({@code GET /api/v1/timelines/public?min_id=} or {@code /timelines/tag/TAG?min_id=}).
     * {@code min_id} pages forward from the offset, where {@code since_id} would return the newest
     * page and lose the statuses between.
     */
    public List<JsonNode> timelineAfter(String minId) throws IOException, InterruptedException {
        String path = hashtag == null ? "/api/v1/timelines/public" : "/api/v1/timelines/tag/" + encode(hashtag);
        URI uri = URI.create(baseUrl + path + "?limit=" + PAGE_SIZE + "&min_id=" + encode(minId));

        rateLimiter.acquire();
        HttpResponse<String> response = client.send(request(uri).timeout(requestTimeout).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " failed: HTTP " + response.statusCode() + hint(response.statusCode()));
        }

        JsonNode body = JSON.readTree(response.body());
        if (!body.isArray()) {
            throw new IOException("GET " + uri + " returned " + body.getNodeType() + ", expected a JSON array of statuses");
        }
        List<JsonNode> statuses = new ArrayList<>();
        body.forEach(statuses::add);
        statuses.sort((a, b) -> StatusIds.ORDER.compare(a.path("id").asText(), b.path("id").asText()));
        return statuses;
    }

    /**
     * Opens the streaming timeline ({@code GET /api/v1/streaming/public} or
     * {@code /streaming/hashtag?tag=}) and returns the event-stream body; the caller closes it.
     */
    public InputStream openStream() throws IOException, InterruptedException {
        String path = hashtag == null ? "/api/v1/streaming/public" : "/api/v1/streaming/hashtag?tag=" + encode(hashtag);
        URI uri = URI.create(baseUrl + path);

        rateLimiter.acquire();
        HttpResponse<InputStream> response = client.send(request(uri).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + uri + " failed: HTTP " + response.statusCode() + hint(response.statusCode()));
        }
        return response.body();
    }

    /** Returns a JSON parser shared by the reader. */
    public static ObjectMapper json() {
        return JSON;
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().header("User-Agent", USER_AGENT);
        if (accessToken != null) {
            builder.header("Authorization", "Bearer " + accessToken);
        }
        return builder;
    }

    private static String hint(int status) {
        return switch (status) {
            case 401, 403 -> "; the server requires an access token: set mastodon.access.token";
            case 429 -> "; the server rate-limited us: lower requests.per.second";
            default -> "";
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
