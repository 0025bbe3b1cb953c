package org.sentistream.streams.internals;

import java.util.concurrent.atomic.AtomicLong;

import org.sentistream.streams.SentimentCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the periodic INFO summary of an application instance. Every task calls {@link #maybeLog(long)}
 * from a punctuator, and one call per interval wins, so the summary appears once per interval whatever
 * the number of tasks. Thread-safe.
 */
public final class SummaryReporter {

    private static final Logger LOG = LoggerFactory.getLogger(SummaryReporter.class);

    private final SentimentCounters counters;
    private final DeadLetterLog deadLetterLog;
    private final long intervalMs;
    private final AtomicLong lastLogMs = new AtomicLong(Long.MIN_VALUE);
    private SentimentCounters.Snapshot previous = new SentimentCounters.Snapshot(0, 0, 0, 0, 0, 0.0, 0, 0, 0);

    public SummaryReporter(SentimentCounters counters, DeadLetterLog deadLetterLog, long intervalMs) {
        this.counters = counters;
        this.deadLetterLog = deadLetterLog;
        this.intervalMs = intervalMs;
    }

    public long intervalMs() {
        return intervalMs;
    }

    /** Logs the summary if no task logged it during the last interval. */
    public void maybeLog(long nowMs) {
        long last = lastLogMs.get();
        if (last != Long.MIN_VALUE && nowMs - last < intervalMs) {
            return;
        }
        if (!lastLogMs.compareAndSet(last, nowMs)) {
            return;
        }

        SentimentCounters.Snapshot now = counters.snapshot();
        SentimentCounters.Snapshot before;
        synchronized (this) {
            before = previous;
            previous = now;
        }
        LOG.info("Summary: {} records in (+{}), {} results (+{}), {} dead letters (+{}), {} tombstones skipped, "
                        + "{} batches (+{}), mean batch {} ms, {} production failures, {} event times capped",
                now.recordsIn(), now.recordsIn() - before.recordsIn(),
                now.results(), now.results() - before.results(),
                now.deadLetters(), now.deadLetters() - before.deadLetters(),
                now.tombstones(),
                now.batches(), now.batches() - before.batches(),
                String.format("%.1f", now.meanBatchMs()),
                now.productionFailures(), now.futureEventTimes());
        deadLetterLog.reportIfDue(nowMs);
    }
}
