package org.sentistream.serde;

import java.util.List;

import org.sentistream.schemas.ComputeStats;
import org.sentistream.schemas.FeedbackChannel;
import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.schemas.InputKind;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SentimentLabel;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;

/** Sample records with every optional field set, so a round trip exercises every branch. */
public final class Records {

    private Records() {
    }

    public static SocialPost post() {
        return SocialPost.newBuilder()
                .setId("post-42")
                .setPlatform(Platform.MASTODON)
                .setAuthorId("a1b2c3")
                .setText("Loving the new release, but the battery drains fast 🔋")
                .setLanguage("en")
                .setCreatedAt(1_700_000_000_123L)
                .setHashtags(List.of("release", "battery"))
                .setUrl("https://example.social/@x/42")
                .build();
    }

    /** Returns the smallest valid post: one-character strings and every optional field at its default. */
    public static SocialPost tinyPost() {
        return SocialPost.newBuilder()
                .setId("a")
                .setPlatform(Platform.TWITTER)
                .setAuthorId("b")
                .setText("hi")
                .build();
    }

    public static FeedbackEvent feedback() {
        return FeedbackEvent.newBuilder()
                .setId("fb-7")
                .setChannel(FeedbackChannel.SUPPORT_TICKET)
                .setCustomerId("cust-9")
                .setProduct("router-x2")
                .setRating(2)
                .setText("Support took three days to answer.")
                .setCreatedAt(1_700_000_500_000L)
                .build();
    }

    public static SentimentResult result() {
        ComputeStats stats = ComputeStats.newBuilder()
                .setLayers(12)
                .setTokenLayerUpdates(240)
                .setDenseTokenLayerUpdates(384)
                .setHaltedTokens(9)
                .setFusedTokens(3)
                .setSkippedKeys(2)
                .setInt8Fraction(0.25f)
                .setFlops(1_000_000L)
                .setDenseFlops(1_600_000L)
                .build();
        return SentimentResult.newBuilder()
                .setInputId("post-42")
                .setInputKind(InputKind.SOCIAL_POST)
                .setSource("MASTODON")
                .setLabel(SentimentLabel.POSITIVE)
                .setProbNegative(0.1f)
                .setProbNeutral(0.2f)
                .setProbPositive(0.7f)
                .setModelId("e5-small-v2/tweet3")
                .setModelVersion("1")
                .setEngine("dense-fp32")
                .setTokenCount(32)
                .setTruncated(true)
                .setStats(stats)
                .setEventTime(1_700_000_000_123L)
                .setProcessingTime(1_700_000_001_000L)
                .setProduct(null)
                .setLanguage("en")
                .build();
    }
}
