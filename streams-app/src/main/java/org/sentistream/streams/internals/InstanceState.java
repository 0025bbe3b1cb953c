package org.sentistream.streams.internals;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.sentistream.streams.SentimentCounters;

/**
 * State shared by every processor of one application instance, across stream threads and tasks.
 *
 * @param counters running totals
 * @param deadLetterLog rate-limited dead letter warnings
 * @param summary periodic INFO summary
 * @param futureEventTimeLog rate-limited warnings about capped event times
 * @param closing set when the application starts to close, so that blocking retries stop early
 * @param recordLimit largest record the application writes, in bytes: the producer's max.request.size, lowered
 *     at start to the broker's limits once they are known
 */
public record InstanceState(SentimentCounters counters, DeadLetterLog deadLetterLog, SummaryReporter summary,
        FutureEventTimeLog futureEventTimeLog, AtomicBoolean closing, AtomicInteger recordLimit) {

    /**
     * Creates the state of an instance that logs its summary and rate-limited warnings every {@code intervalMs}
     * and whose producer sends records of at most {@code maxRecordBytes}.
     */
    public static InstanceState create(SentimentCounters counters, long intervalMs, int maxRecordBytes) {
        DeadLetterLog deadLetterLog = new DeadLetterLog(intervalMs);
        return new InstanceState(counters, deadLetterLog, new SummaryReporter(counters, deadLetterLog, intervalMs),
                new FutureEventTimeLog(intervalMs), new AtomicBoolean(), new AtomicInteger(maxRecordBytes));
    }

    /** Returns the largest record the application writes, in bytes. */
    public int maxRecordBytes() {
        return recordLimit.get();
    }
}
