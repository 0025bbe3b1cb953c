package org.sentistream.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.engine.ModelInfo;
import org.sentistream.schemas.FeedbackEvent;
import org.sentistream.schemas.InputKind;
import org.sentistream.schemas.SentimentLabel;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;

class SentimentTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void postYieldsOneResult() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            fixture.pipe(TopologyFixture.post("p1", "The new update is great, everything feels faster."));
            fixture.driver.advanceWallClockTime(Duration.ofMillis(250));

            List<KeyValue<String, SentimentResult>> results = fixture.results.readKeyValuesToList();
            assertEquals(1, results.size());
            assertEquals("p1", results.get(0).key);
            SentimentResult result = results.get(0).value;
            ModelInfo model = fixture.sharedClassifier().info();
            assertEquals("p1", result.getInputId());
            assertEquals(InputKind.SOCIAL_POST, result.getInputKind());
            assertEquals("MASTODON", result.getSource());
            assertNotNull(result.getLabel());
            assertEquals(1.0, result.getProbNegative() + result.getProbNeutral() + result.getProbPositive(), 1e-4);
            assertEquals(model.modelId(), result.getModelId());
            assertEquals(model.modelVersion(), result.getModelVersion());
            assertEquals(model.engine(), result.getEngine());
            assertTrue(result.getTokenCount() > 2, "tokenCount " + result.getTokenCount());
            assertNotNull(result.getStats());
            assertEquals(1_699_999_000_000L, result.getEventTime());
            assertEquals(TopologyFixture.START.toEpochMilli() + 250, result.getProcessingTime());
            assertEquals("en", result.getLanguage());
            assertNull(result.getProduct());
        }
    }

    @Test
    void feedbackYieldsOneResult() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            FeedbackEvent event = TopologyFixture.feedbackEvent("f1", "Support took three days to answer my ticket.");
            Instant recordTime = TopologyFixture.START.plusSeconds(5);
            fixture.feedback.pipeInput("f1".getBytes(), fixture.bytes(event), recordTime);
            fixture.driver.advanceWallClockTime(Duration.ofMillis(250));

            List<SentimentResult> results = fixture.results.readValuesToList();
            assertEquals(1, results.size());
            SentimentResult result = results.get(0);
            assertEquals("f1", result.getInputId());
            assertEquals(InputKind.FEEDBACK, result.getInputKind());
            assertEquals("SUPPORT_TICKET", result.getSource());
            assertEquals("router-x2", result.getProduct());
            assertNull(result.getLanguage());
            assertEquals(recordTime.toEpochMilli(), result.getEventTime(), "no createdAt: eventTime is the record timestamp");
        }
    }

    @Test
    void batchFlushesAtMaxRecords() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(SentimentAppConfig.BATCH_MAX_RECORDS, "4"))) {
            for (int i = 0; i < 3; i++) {
                fixture.pipe(TopologyFixture.post("p" + i, "Post number " + i + " about the weather."));
            }
            assertTrue(fixture.results.isEmpty(), "3 of 4 records must stay buffered");

            fixture.pipe(TopologyFixture.post("p3", "Post number 3 about the weather."));

            assertEquals(4, fixture.results.readValuesToList().size());
            assertEquals(1, fixture.counters.snapshot().batches());
        }
    }

    @Test
    void batchFlushesAfterMaxWait() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(SentimentAppConfig.BATCH_MAX_WAIT_MS, "1000"))) {
            fixture.pipe(TopologyFixture.post("p1", "First post."));
            fixture.pipe(TopologyFixture.post("p2", "Second post."));

            fixture.driver.advanceWallClockTime(Duration.ofMillis(500));
            assertTrue(fixture.results.isEmpty(), "records must wait up to batch.max.wait.ms");

            fixture.driver.advanceWallClockTime(Duration.ofMillis(600));
            assertEquals(2, fixture.results.readValuesToList().size());
            assertEquals(1, fixture.counters.snapshot().batches());
        }
    }

    @Test
    void positiveAndNegativeTexts() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            fixture.pipe(TopologyFixture.post("good", "I absolutely love this phone, it is wonderful and works perfectly!"));
            fixture.pipe(TopologyFixture.post("bad", "This is terrible. It broke after one day and support ignored me. Awful."));
            fixture.driver.advanceWallClockTime(Duration.ofMillis(250));

            Map<String, SentimentResult> results = fixture.results.readKeyValuesToMap();
            assertEquals(SentimentLabel.POSITIVE, results.get("good").getLabel());
            assertEquals(SentimentLabel.NEGATIVE, results.get("bad").getLabel());
        }
    }

    @Test
    void tombstoneSkipped() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            fixture.posts.pipeInput("gone".getBytes(), null, TopologyFixture.START);
            fixture.driver.advanceWallClockTime(Duration.ofSeconds(1));

            assertTrue(fixture.results.isEmpty());
            assertTrue(fixture.deadLetters.isEmpty());
            assertEquals(1, fixture.counters.snapshot().tombstones());
            assertEquals(1.0, fixture.metric("tombstones-skipped-total"));
        }
    }

    @Test
    void aggregatesEmittedOnWindowClose() throws Exception {
        Map<String, String> overrides = Map.of(SentimentAppConfig.AGGREGATE_WINDOW_MS, "60000",
                SentimentAppConfig.AGGREGATE_GRACE_MS, "0", SentimentAppConfig.BATCH_MAX_RECORDS, "1");
        try (TopologyFixture fixture = new TopologyFixture(stateDir, overrides)) {
            // Windows follow createdAt, the event time; the record timestamps below only matter when it is missing.
            SocialPost first = atTime(TopologyFixture.post("p1", "Lovely day."), TopologyFixture.START);
            SocialPost second = atTime(TopologyFixture.post("p2", "Awful service."), TopologyFixture.START.plusSeconds(10));
            SocialPost nextWindow = atTime(TopologyFixture.post("p3", "Just a post."), TopologyFixture.START.plusSeconds(60));
            fixture.posts.pipeInput("p1".getBytes(), fixture.bytes(first), TopologyFixture.START);
            fixture.posts.pipeInput("p2".getBytes(), fixture.bytes(second), TopologyFixture.START.plusSeconds(10));
            assertTrue(fixture.aggregates.isEmpty(), "the window is still open");

            fixture.posts.pipeInput("p3".getBytes(), fixture.bytes(nextWindow), TopologyFixture.START.plusSeconds(60));

            List<TestRecord<String, String>> aggregates = fixture.aggregates.readRecordsToList();
            assertEquals(1, aggregates.size());
            assertEquals("SOCIAL_POST/MASTODON/" + TopologyFixture.START, aggregates.get(0).key());
            JsonNode json = new ObjectMapper().readTree(aggregates.get(0).value());
            assertEquals(2, json.get("total").asLong());
            long labelSum = json.get("counts").get("NEGATIVE").asLong() + json.get("counts").get("NEUTRAL").asLong()
                    + json.get("counts").get("POSITIVE").asLong();
            assertEquals(2, labelSum);
            assertEquals(TopologyFixture.START.plusSeconds(60).toString(), json.get("windowEnd").asText());
            double meanSum = json.get("meanProbabilities").get("NEGATIVE").asDouble()
                    + json.get("meanProbabilities").get("NEUTRAL").asDouble()
                    + json.get("meanProbabilities").get("POSITIVE").asDouble();
            assertEquals(1.0, meanSum, 1e-4);
        }
    }

    /**
     * The aggregates read the results topic back, so a record that another producer wrote there must neither stop
     * the stream thread nor enter the counts.
     */
    @Test
    void foreignRecordOnResultsTopicSkipped() throws Exception {
        Map<String, String> overrides = Map.of(SentimentAppConfig.AGGREGATE_WINDOW_MS, "60000",
                SentimentAppConfig.AGGREGATE_GRACE_MS, "0", SentimentAppConfig.BATCH_MAX_RECORDS, "1");
        try (TopologyFixture fixture = new TopologyFixture(stateDir, overrides)) {
            TestInputTopic<String, byte[]> foreign = fixture.driver.createInputTopic(fixture.config.resultsTopic(),
                    new StringSerializer(), new ByteArraySerializer());
            foreign.pipeInput("not-a-result", new byte[] {0, 0, 0, 0, 99, 1, 2}, TopologyFixture.START);
            foreign.pipeInput("plain-text", "hello".getBytes(StandardCharsets.UTF_8), TopologyFixture.START);

            fixture.posts.pipeInput("p1".getBytes(), fixture.bytes(atTime(TopologyFixture.post("p1", "Lovely day."),
                    TopologyFixture.START)), TopologyFixture.START);
            fixture.posts.pipeInput("p2".getBytes(), fixture.bytes(atTime(TopologyFixture.post("p2", "Next window."),
                    TopologyFixture.START.plusSeconds(60))), TopologyFixture.START.plusSeconds(60));

            assertEquals(2.0, fixture.metric("aggregate-skipped-records-total"));
            List<TestRecord<String, String>> aggregates = fixture.aggregates.readRecordsToList();
            assertEquals(1, aggregates.size());
            assertEquals(1, new ObjectMapper().readTree(aggregates.get(0).value()).get("total").asLong());
            assertTrue(fixture.deadLetters.isEmpty(), "a foreign result is not an input, so it is not dead-lettered");
        }
    }

    /**
     * Kafka Streams commits a task before it closes the processors, so a result forwarded on close would be
     * committed after the buffer that still contains its input, and the next owner would classify it again.
     */
    @Test
    void closeLeavesBufferForNextOwner() throws Exception {
        TopologyFixture fixture = new TopologyFixture(stateDir, Map.of());
        fixture.pipe(TopologyFixture.post("p1", "Buffered when the task closes."));
        assertTrue(fixture.results.isEmpty());

        fixture.close();

        assertEquals(0, fixture.counters.snapshot().results());
    }

    @Test
    void resultsMetricCounted() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(SentimentAppConfig.BATCH_MAX_RECORDS, "2"))) {
            fixture.pipe(TopologyFixture.post("p1", "One."));
            fixture.pipe(TopologyFixture.post("p2", "Two."));

            assertEquals(2.0, fixture.metric("results-total"));
            assertEquals(2.0, fixture.metric("input-records-total"));
            assertEquals(2.0, fixture.metric("batch-size-max"));
        }
    }

    private static SocialPost atTime(SocialPost post, Instant createdAt) {
        post.setCreatedAt(createdAt.toEpochMilli());
        return post;
    }
}
