package org.sentistream.connect.mastodon;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Settings of {@link MastodonSourceConnector}. */
public final class MastodonSourceConfig extends AbstractConfig {

    public static final String URL = "mastodon.url";
    public static final String ACCESS_TOKEN = "mastodon.access.token";
    public static final String TIMELINE = "timeline";
    public static final String HASHTAG = "hashtag";
    public static final String TOPIC = "topic";
    public static final String AUTHOR_HASH_KEY = "author.hash.key";
    public static final String INCLUDE_URL = "include.url";
    public static final String REQUESTS_PER_SECOND = "requests.per.second";
    public static final String BACKOFF_INITIAL_MS = "reconnect.backoff.initial.ms";
    public static final String BACKOFF_MAX_MS = "reconnect.backoff.max.ms";
    public static final String BACKOFF_JITTER = "reconnect.backoff.jitter";
    public static final String IDLE_TIMEOUT_MS = "stream.idle.timeout.ms";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String BACKFILL_MAX_PAGES = "backfill.max.pages";
    public static final String BATCH_MAX = "batch.max.records";
    public static final String QUEUE_CAPACITY = "queue.capacity";

    public static final String TIMELINE_PUBLIC = "public";
    public static final String TIMELINE_HASHTAG = "hashtag";

    /** Definition of every setting, with defaults and documentation. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Base URL of the Mastodon server, for example https://mastodon.social.")
            .define(ACCESS_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "Bearer token sent with every request. Many servers require one for the streaming API.")
            .define(TIMELINE, Type.STRING, TIMELINE_PUBLIC, ValidString.in(TIMELINE_PUBLIC, TIMELINE_HASHTAG),
                    Importance.HIGH, "Timeline to read: public (the federated timeline) or hashtag.")
            .define(HASHTAG, Type.STRING, "", Importance.HIGH,
                    "Hashtag to follow, without '#', when timeline=hashtag.")
            .define(TOPIC, Type.STRING, "social-posts", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic the SocialPost records go to.")
            .define(AUTHOR_HASH_KEY, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Secret key of the HMAC-SHA256 that turns an account into the pseudonymous authorId."
                            + " Keep it stable: a new key gives every author a new id.")
            .define(INCLUDE_URL, Type.BOOLEAN, false, Importance.LOW,
                    "Copy the status URL into the post. Off by default because Mastodon URLs contain the author's handle.")
            .define(REQUESTS_PER_SECOND, Type.DOUBLE, 1.0, Range.atLeast(0.001), Importance.MEDIUM,
                    "Maximum rate of HTTP requests (timeline pages and stream connections) to the server.")
            .define(BACKOFF_INITIAL_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                    "Wait before the first reconnection after the stream fails, in milliseconds. It doubles per failure.")
            .define(BACKOFF_MAX_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                    "Maximum wait between reconnections, in milliseconds.")
            .define(BACKOFF_JITTER, Type.DOUBLE, 0.5, Range.between(0.0, 1.0), Importance.LOW,
                    "Share of each wait chosen at random, 0 to 1, so many tasks do not reconnect in step.")
            .define(IDLE_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(1), Importance.LOW,
                    "Reconnect when the stream sends nothing, not even a heartbeat, for this many milliseconds.")
            .define(CONNECT_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                    "TCP connection and REST response timeout, in milliseconds.")
            .define(BACKFILL_MAX_PAGES, Type.INT, 10, Range.atLeast(0), Importance.LOW,
                    "Maximum pages of 40 statuses read from the REST timeline on start and after a reconnection.")
            .define(BATCH_MAX, Type.INT, 500, Range.atLeast(1), Importance.LOW,
                    "Maximum records returned by one poll.")
            .define(QUEUE_CAPACITY, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "Statuses buffered between the HTTP reader and Connect; the reader blocks when it is full.");

    public MastodonSourceConfig(Map<String, String> originals) {
        super(CONFIG_DEF, originals);
        if (TIMELINE_HASHTAG.equals(getString(TIMELINE)) && hashtag().isEmpty()) {
            throw new ConfigException(HASHTAG, getString(HASHTAG), "timeline=hashtag needs a hashtag, for example hashtag=climate");
        }
        if (authorHashKey().isEmpty()) {
            throw new ConfigException(AUTHOR_HASH_KEY, "[hidden]", "the key must not be empty");
        }
        baseUrl();
    }

    public URI baseUrl() {
        String url = getString(URL).strip();
        try {
            URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(URL, url, "not an absolute URL such as https://mastodon.social: " + e.getMessage());
        }
    }

    public String accessToken() {
        Password token = getPassword(ACCESS_TOKEN);
        return token == null || token.value().isBlank() ? null : token.value();
    }

    public boolean hashtagTimeline() {
        return TIMELINE_HASHTAG.equals(getString(TIMELINE));
    }

    public String hashtag() {
        String tag = getString(HASHTAG).strip();
        return (tag.startsWith("#") ? tag.substring(1) : tag).toLowerCase(Locale.ROOT);
    }

    public String topic() {
        return getString(TOPIC);
    }

    public String authorHashKey() {
        return getPassword(AUTHOR_HASH_KEY).value();
    }

    public boolean includeUrl() {
        return getBoolean(INCLUDE_URL);
    }

    public double requestsPerSecond() {
        return getDouble(REQUESTS_PER_SECOND);
    }

    public Duration backoffInitial() {
        return Duration.ofMillis(getLong(BACKOFF_INITIAL_MS));
    }

    public Duration backoffMax() {
        return Duration.ofMillis(getLong(BACKOFF_MAX_MS));
    }

    public double backoffJitter() {
        return getDouble(BACKOFF_JITTER);
    }

    public Duration idleTimeout() {
        return Duration.ofMillis(getLong(IDLE_TIMEOUT_MS));
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getLong(CONNECT_TIMEOUT_MS));
    }

    public int backfillMaxPages() {
        return getInt(BACKFILL_MAX_PAGES);
    }

    public int batchMax() {
        return getInt(BATCH_MAX);
    }

    public int queueCapacity() {
        return getInt(QUEUE_CAPACITY);
    }

    /** Returns the timeline name used in source partitions and logs: {@code public} or {@code hashtag:<tag>}. */
    public String timelineName() {
        return hashtagTimeline() ? "hashtag:" + hashtag() : TIMELINE_PUBLIC;
    }
}
