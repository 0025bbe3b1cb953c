package org.sentistream.streams;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of one application instance, shared by all its stream threads and tasks. Thread-safe.
 * Kafka Streams metrics carry the same counts per thread and task; these totals feed the summary log.
 */
public final class SentimentCounters {

    private final LongAdder recordsIn = new LongAdder();
    private final LongAdder results = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder tombstones = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchNanos = new LongAdder();
    private final LongAdder productionFailures = new LongAdder();
    private final LongAdder futureEventTimes = new LongAdder();
    private final LongAdder restoredBuffered = new LongAdder();

    /**
     * Totals at one instant.
     *
     * @param recordsIn records read from the input topics, tombstones included
     * @param results results written
     * @param deadLetters records written to the dead letter topic
     * @param tombstones records with a null value, skipped
     * @param batches classifier batches flushed
     * @param meanBatchMs mean wall-clock time of a batch flush in ms, 0 before the first batch
     * @param productionFailures output records that failed to be written, skipped or not
     * @param futureEventTimes events whose createdAt was beyond {@code event.time.max.future.ms} and was capped
     * @param restoredBuffered records that an earlier owner of a task read but had not classified, taken over
     *     from the restored batch buffer; their results count in {@code results} but not in {@code recordsIn}
     */
    public record Snapshot(long recordsIn, long results, long deadLetters, long tombstones, long batches,
            double meanBatchMs, long productionFailures, long futureEventTimes, long restoredBuffered) {
    }

    public void recordIn() {
        recordsIn.increment();
    }

    public void result() {
        results.increment();
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    public void tombstone() {
        tombstones.increment();
    }

    /** Counts a flushed batch that took {@code nanos} of wall-clock time. */
    public void batch(long nanos) {
        batches.increment();
        batchNanos.add(nanos);
    }

    /** Counts an output record that the production exception handler saw. */
    public void productionFailure() {
        productionFailures.increment();
    }

    /** Counts an event whose createdAt was capped to the wall clock plus the allowed margin. */
    public void futureEventTime() {
        futureEventTimes.increment();
    }

    /** Counts records found in a batch buffer restored from its changelog. */
    public void restoredBuffered(long records) {
        restoredBuffered.add(records);
    }

    public Snapshot snapshot() {
        long batchCount = batches.sum();
        double meanBatchMs = batchCount == 0 ? 0.0 : batchNanos.sum() / 1e6 / batchCount;
        return new Snapshot(recordsIn.sum(), results.sum(), deadLetters.sum(), tombstones.sum(), batchCount, meanBatchMs,
                productionFailures.sum(), futureEventTimes.sum(), restoredBuffered.sum());
    }
}
