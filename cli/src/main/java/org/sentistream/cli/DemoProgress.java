package org.sentistream.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.sentistream.loadgen.LoadGenerator;

/** Follows a demo run: prints a summary line at a fixed interval and decides when the run is complete. */
final class DemoProgress {

    private final LoadGenerator generator;
    private final PipelineMonitor monitor;
    private final long startNanos;
    private long lastResultNanos;
    private long lastResults;

    DemoProgress(LoadGenerator generator, PipelineMonitor monitor, long startNanos) {
        this.generator = generator;
        this.monitor = monitor;
        this.startNanos = startNanos;
        this.lastResultNanos = startNanos;
    }

    /**
     * Prints summary lines until every valid event has a result and every corrupt one a dead letter
     * (when {@code events > 0}), until a stop is requested, or until the timeout.
     *
     * @return true if the run is complete
     */
    boolean follow(long events, Duration interval, Duration timeout, CountDownLatch stopRequested, PrintStream err)
            throws InterruptedException {
        long deadline = startNanos + timeout.toNanos();
        long nextSummary = System.nanoTime() + interval.toNanos();
        long intervalStartResults = 0;
        long intervalStartNanos = System.nanoTime();

        while (true) {
            if (stopRequested.await(100, TimeUnit.MILLISECONDS)) {
                err.println("Stopping...");
                return false;
            }

            PipelineMonitor.Snapshot counts = monitor.snapshot();
            long now = System.nanoTime();
            if (counts.results() > lastResults) {
                lastResults = counts.results();
                lastResultNanos = now;
            }

            if (events > 0 && isComplete(events, counts)) {
                printLine(err, counts, now, intervalStartResults, intervalStartNanos);
                return true;
            }
            if (events > 0 && now > deadline) {
                return false;
            }
            if (now >= nextSummary) {
                printLine(err, counts, now, intervalStartResults, intervalStartNanos);
                intervalStartResults = counts.results();
                intervalStartNanos = now;
                nextSummary = now + interval.toNanos();
            }
        }
    }

    private boolean isComplete(long events, PipelineMonitor.Snapshot counts) {
        LoadGenerator.Stats stats = generator.stats();
        if (stats.acked() + stats.failed() < events) {
            return false;
        }
        long valid = stats.acked() - stats.corrupt();
        return counts.results() >= valid && counts.deadLetters() >= stats.corrupt();
    }

    private void printLine(PrintStream err, PipelineMonitor.Snapshot counts, long now, long intervalStartResults,
                           long intervalStartNanos) {
        double elapsed = (now - startNanos) / 1e9;
        double intervalSeconds = Math.max(1e-3, (now - intervalStartNanos) / 1e9);
        double recentRate = (counts.results() - intervalStartResults) / intervalSeconds;
        StringBuilder labels = new StringBuilder();
        for (Map.Entry<String, Long> label : counts.labelCounts().entrySet()) {
            labels.append(' ').append(label.getKey()).append('=').append(label.getValue());
        }
        err.printf(Locale.ROOT, "[%6.1fs] events in %d | results %d | dead letters %d | %.1f results/s |%s%n",
                elapsed, generator.stats().acked(), counts.results(), counts.deadLetters(), recentRate, labels);
    }

    /** Returns the figures of the run so far; elapsed time ends at the last result read. */
    Summary summary() {
        PipelineMonitor.Snapshot counts = monitor.snapshot();
        double elapsed = Math.max(1e-3, (lastResultNanos - startNanos) / 1e9);
        return new Summary(generator.stats().acked(), counts.results(), counts.deadLetters(),
                counts.duplicateResults(), elapsed, counts.results() / elapsed, counts.labelCounts(),
                counts.deadLetterReasons());
    }

    /** Figures of a demo run. */
    record Summary(long eventsIn, long resultsOut, long deadLetters, long duplicates, double elapsedSeconds,
                   double resultsPerSecond, Map<String, Long> labelCounts, Map<String, Long> deadLetterReasons) {
    }
}
