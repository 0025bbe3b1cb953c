package org.sentistream.registry;

import java.util.List;

import org.sentistream.schemas.ComputeStats;
import org.sentistream.schemas.FeedbackChannel;
import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.schemas.InputKind;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SentimentLabel;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;

/** Sample records with every optional field set. */
final class Samples {

    private Samples() {
    }

    static SocialPost post() {
        return SocialPost.newBuilder()
                .setId("post-42")
                .setPlatform(Platform.BLUESKY)
                .setAuthorId("a1b2c3")
                .setText("Great keynote today, the demo crashed twice though")
                .setLanguage("en")
                .setCreatedAt(1_700_000_000_123L)
                .setHashtags(List.of("keynote", "demo"))
                .setUrl("https://example.social/post/42")
                .build();
    }

    /** Returns the smallest valid post: one-character strings and every optional field at its default. */
    static SocialPost tinyPost() {
        return SocialPost.newBuilder().setId("a").setPlatform(Platform.TWITTER).setAuthorId("b").setText("hi").build();
    }

    static FeedbackEvent feedback() {
        return FeedbackEvent.newBuilder()
                .setId("fb-7")
                .setChannel(FeedbackChannel.APP_REVIEW)
                .setCustomerId("cust-9")
                .setProduct("router-x2")
                .setRating(4)
                .setText("Setup was quick.")
                .setCreatedAt(1_700_000_500_000L)
                .build();
    }

    static SentimentResult result() {
        return SentimentResult.newBuilder()
                .setInputId("fb-7")
                .setInputKind(InputKind.FEEDBACK)
                .setSource("APP_REVIEW")
                .setLabel(SentimentLabel.NEGATIVE)
                .setProbNegative(0.8f)
                .setProbNeutral(0.15f)
                .setProbPositive(0.05f)
                .setModelId("e5-small-v2/tweet3")
                .setModelVersion("1")
                .setEngine("dense-fp32")
                .setTokenCount(12)
                .setStats(ComputeStats.newBuilder().setLayers(12).setTokenLayerUpdates(144)
                        .setDenseTokenLayerUpdates(144).build())
                .setEventTime(1_700_000_500_000L)
                .setProcessingTime(1_700_000_500_250L)
                .setProduct("router-x2")
                .build();
    }
}
