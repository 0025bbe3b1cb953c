package org.sentistream.loadgen.internals;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sentistream.schemas.FeedbackChannel;
import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SocialPost;

/**
 * Builds {@link SocialPost} and {@link FeedbackEvent} records from {@link SourceRow}s.
 *
 * <p>{@code createdAt} is the current time, so that event-time windows downstream see live
 * traffic. A row's own {@code created_at} is used only when source timestamps are enabled.
 */
public final class EventFactory {

    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_])#([\\p{L}\\p{N}_]+)");

    private final Clock clock;
    private final boolean useSourceTimestamps;

    public EventFactory(Clock clock, boolean useSourceTimestamps) {
        this.clock = clock;
        this.useSourceTimestamps = useSourceTimestamps;
    }

    /**
     * Builds a post.
     *
     * @param row      source row
     * @param id       event id, unique within the run
     * @param authorId pseudonymous author id
     */
    public SocialPost post(SourceRow row, String id, String authorId) {
        List<String> hashtags = row.hashtags().isEmpty() ? hashtagsIn(row.text()) : row.hashtags();

        return SocialPost.newBuilder()
                .setId(id)
                .setPlatform(platform(row.platform()))
                .setAuthorId(authorId)
                .setText(row.text())
                .setLanguage(row.language())
                .setCreatedAt(createdAt(row))
                .setHashtags(hashtags)
                .setUrl(null)
                .build();
    }

    /**
     * Builds a feedback event.
     *
     * @param row        source row
     * @param id         event id, unique within the run
     * @param customerId pseudonymous customer id
     */
    public FeedbackEvent feedback(SourceRow row, String id, String customerId) {
        return FeedbackEvent.newBuilder()
                .setId(id)
                .setChannel(channel(row.channel()))
                .setCustomerId(customerId)
                .setProduct(row.product())
                .setRating(row.rating())
                .setText(row.text())
                .setCreatedAt(createdAt(row))
                .build();
    }

    /** Maps a platform name to its enum symbol, ignoring case; a missing or unknown name maps to UNKNOWN. */
    public static Platform platform(String name) {
        if (name == null) {
            return Platform.UNKNOWN;
        }
        try {
            return Platform.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Platform.UNKNOWN;
        }
    }

    /** Maps a channel name to its enum symbol, ignoring case; a missing or unknown name maps to UNKNOWN. */
    public static FeedbackChannel channel(String name) {
        if (name == null) {
            return FeedbackChannel.UNKNOWN;
        }
        try {
            return FeedbackChannel.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return FeedbackChannel.UNKNOWN;
        }
    }

    /** Returns the {@code #tags} in a text, without the '#', in order of appearance. */
    static List<String> hashtagsIn(String text) {
        List<String> tags = new ArrayList<>();
        Matcher matcher = HASHTAG.matcher(text);
        while (matcher.find()) {
            tags.add(matcher.group(1));
        }
        return tags;
    }

    private long createdAt(SourceRow row) {
        if (useSourceTimestamps && row.createdAt() != null) {
            return row.createdAt();
        }
        return clock.millis();
    }
}
