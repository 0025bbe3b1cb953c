package org.sentistream.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;

/** Event time through the topology: the record time of a result is the createdAt of its event, capped. */
class EventTimeTest {

    private static final Map<String, String> ONE_PER_BATCH = Map.of(SentimentAppConfig.BATCH_MAX_RECORDS, "1");

    @TempDir
    Path stateDir;

    @Test
    void createdAtIsRecordTime() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, ONE_PER_BATCH)) {
            fixture.pipe(TopologyFixture.post("t1", "Nice weather today."));

            TestRecord<String, SentimentResult> result = fixture.results.readRecord();
            assertEquals(TopologyFixture.CREATED_AT, result.getRecordTime().toEpochMilli());
            assertEquals(TopologyFixture.CREATED_AT, result.value().getEventTime());
        }
    }

    @Test
    void missingCreatedAtUsesRecordTime() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, ONE_PER_BATCH)) {
            SocialPost post = TopologyFixture.post("t2", "No creation time here.");
            post.setCreatedAt(null);
            fixture.posts.pipeInput("t2".getBytes(), fixture.bytes(post), TopologyFixture.START);

            TestRecord<String, SentimentResult> result = fixture.results.readRecord();
            assertEquals(TopologyFixture.START, result.getRecordTime());
            assertEquals(TopologyFixture.START.toEpochMilli(), result.value().getEventTime());
            assertFalse(result.value().getEventTimeCapped(), "eventTimeCapped");
        }
    }

    @Test
    void futureCreatedAtCapped() throws Exception {
        Map<String, String> overrides = Map.of(SentimentAppConfig.BATCH_MAX_RECORDS, "1",
                SentimentAppConfig.EVENT_TIME_MAX_FUTURE_MS, "60000");
        try (TopologyFixture fixture = new TopologyFixture(stateDir, overrides)) {
            long createdAt = System.currentTimeMillis() + Duration.ofDays(30).toMillis();
            SocialPost post = TopologyFixture.post("t3", "My clock is a month ahead.");
            post.setCreatedAt(createdAt);
            long before = System.currentTimeMillis();
            fixture.pipe(post);
            long after = System.currentTimeMillis();

            TestRecord<String, SentimentResult> result = fixture.results.readRecord();
            long recordTime = result.getRecordTime().toEpochMilli();
            assertTrue(recordTime >= before + 60_000, "record time " + recordTime);
            assertTrue(recordTime <= after + 60_000, "record time " + recordTime);
            assertEquals(createdAt, result.value().getEventTime());
            assertTrue(result.value().getEventTimeCapped(), "eventTimeCapped");
            assertEquals(1.0, fixture.metric("event-time-capped-total"));
            assertEquals(1, fixture.counters.snapshot().futureEventTimes());
        }
    }

    @Test
    void capKeepsWindowsOpen() throws Exception {
        long windowMs = Duration.ofHours(1).toMillis();
        Map<String, String> overrides = Map.of(SentimentAppConfig.BATCH_MAX_RECORDS, "1",
                SentimentAppConfig.AGGREGATE_WINDOW_MS, Long.toString(windowMs),
                SentimentAppConfig.AGGREGATE_GRACE_MS, "600000",
                SentimentAppConfig.EVENT_TIME_MAX_FUTURE_MS, "60000");
        try (TopologyFixture fixture = new TopologyFixture(stateDir, overrides)) {
            long now = System.currentTimeMillis();
            long windowStart = now - now % windowMs;
            SocialPost early = TopologyFixture.post("w1", "First post of the window.");
            early.setCreatedAt(windowStart);
            SocialPost skewed = TopologyFixture.post("w2", "Posted from a clock a year ahead.");
            skewed.setCreatedAt(now + Duration.ofDays(365).toMillis());
            SocialPost onTime = TopologyFixture.post("w3", "Second post of the window.");
            onTime.setCreatedAt(windowStart + 1);
            fixture.pipe(early);
            fixture.pipe(skewed);
            fixture.pipe(onTime);

            // Uncapped, the skewed post moves stream time a year ahead and closes the current window, so the
            // third post is dropped as late. Capped, stream time stays below the window end plus grace.
            assertEquals(3, fixture.results.readRecordsToList().size());
            assertEquals(0.0, fixture.metric("aggregate-late-records-total"));
        }
    }
}
