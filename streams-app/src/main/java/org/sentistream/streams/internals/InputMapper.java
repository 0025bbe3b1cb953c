package org.sentistream.streams.internals;

import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.schemas.InputKind;
import org.sentistream.schemas.SocialPost;

/** Maps a decoded input event to the fields a result needs. */
@FunctionalInterface
public interface InputMapper<T> {

    PendingInput toPending(T event, PendingInput.Origin origin, long nowMs);

    /** Maps a social post: the source is its platform, and it carries a language but no product. */
    static InputMapper<SocialPost> posts() {
        return (post, origin, nowMs) -> new PendingInput(
                InputKind.SOCIAL_POST,
                post.getId(),
                post.getPlatform().name(),
                post.getText(),
                eventTime(post.getCreatedAt(), origin),
                null,
                post.getLanguage(),
                origin,
                nowMs);
    }

    /** Maps a feedback event: the source is its channel, and it carries a product but no language. */
    static InputMapper<FeedbackEvent> feedback() {
        return (event, origin, nowMs) -> new PendingInput(
                InputKind.FEEDBACK,
                event.getId(),
                event.getChannel().name(),
                event.getText(),
                eventTime(event.getCreatedAt(), origin),
                event.getProduct(),
                null,
                origin,
                nowMs);
    }

    private static long eventTime(Long createdAt, PendingInput.Origin origin) {
        return createdAt != null ? createdAt : origin.timestamp();
    }
}
