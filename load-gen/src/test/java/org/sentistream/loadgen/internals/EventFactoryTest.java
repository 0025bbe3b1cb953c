package org.sentistream.loadgen.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sentistream.schemas.FeedbackChannel;
import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SocialPost;

class EventFactoryTest {

    private static final long NOW = 1_750_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    private static SourceRow row(String platform, String channel, List<String> hashtags, Long createdAt) {
        return new SourceRow("src-1", "Loving the new #update #v2 today", "positive", platform, channel, "Widget",
                4, "en", hashtags, createdAt);
    }

    @Test
    void postFieldsMapped() {
        SocialPost post = new EventFactory(CLOCK, false).post(row("Mastodon", null, List.of("news"), 5L), "post-r-1",
                "author-ab");

        assertEquals("post-r-1", post.getId());
        assertEquals(Platform.MASTODON, post.getPlatform());
        assertEquals("author-ab", post.getAuthorId());
        assertEquals("Loving the new #update #v2 today", post.getText());
        assertEquals("en", post.getLanguage());
        assertEquals(NOW, post.getCreatedAt());
        assertEquals(List.of("news"), post.getHashtags());
        assertNull(post.getUrl());
    }

    @Test
    void feedbackFieldsMapped() {
        FeedbackEvent event = new EventFactory(CLOCK, false).feedback(row(null, "app_review", List.of(), null),
                "feedback-r-2", "customer-cd");

        assertEquals("feedback-r-2", event.getId());
        assertEquals(FeedbackChannel.APP_REVIEW, event.getChannel());
        assertEquals("customer-cd", event.getCustomerId());
        assertEquals("Widget", event.getProduct());
        assertEquals(4, event.getRating());
        assertEquals("Loving the new #update #v2 today", event.getText());
        assertEquals(NOW, event.getCreatedAt());
    }

    @Test
    void unknownPlatformAndChannel() {
        EventFactory factory = new EventFactory(CLOCK, false);

        assertEquals(Platform.UNKNOWN, factory.post(row("myspace", null, List.of(), null), "p", "a").getPlatform());
        assertEquals(Platform.UNKNOWN, factory.post(row(null, null, List.of(), null), "p", "a").getPlatform());
        assertEquals(FeedbackChannel.UNKNOWN, factory.feedback(row(null, "fax", List.of(), null), "f", "c").getChannel());
        assertEquals(FeedbackChannel.UNKNOWN, factory.feedback(row(null, null, List.of(), null), "f", "c").getChannel());
    }

    @Test
    void missingOptionalFields() {
        SourceRow bare = SourceRow.of("plain text", null);
        EventFactory factory = new EventFactory(CLOCK, false);

        SocialPost post = factory.post(bare, "p", "a");
        FeedbackEvent event = factory.feedback(bare, "f", "c");

        assertNull(post.getLanguage());
        assertEquals(List.of(), post.getHashtags());
        assertNull(event.getProduct());
        assertNull(event.getRating());
    }

    @Test
    void hashtagsTakenFromText() {
        SocialPost post = new EventFactory(CLOCK, false).post(row("twitter", null, List.of(), null), "p", "a");

        assertEquals(List.of("update", "v2"), post.getHashtags());
    }

    @Test
    void sourceTimestampsWhenEnabled() {
        EventFactory factory = new EventFactory(CLOCK, true);

        assertEquals(5L, factory.post(row(null, null, List.of(), 5L), "p", "a").getCreatedAt());
        assertEquals(NOW, factory.post(row(null, null, List.of(), null), "p", "a").getCreatedAt());
    }
}
