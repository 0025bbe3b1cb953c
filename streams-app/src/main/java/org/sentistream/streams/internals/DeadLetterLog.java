package org.sentistream.streams.internals;

import java.util.EnumMap;
import java.util.Map;

import org.sentistream.streams.DeadLetterReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limited warnings about dead letters, shared by every task of an application instance. The first
 * {@value #INDIVIDUAL_WARNINGS} dead letters are logged one by one at WARN. After that each one is logged at
 * TRACE only, and a WARN line with the counts per reason is logged at most once per reporting interval.
 * Thread-safe.
 */
public final class DeadLetterLog {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLog.class);

    static final int INDIVIDUAL_WARNINGS = 10;

    private final long reportIntervalMs;
    private long individualWarnings;
    private long lastReportMs = Long.MIN_VALUE;
    private final Map<DeadLetterReason, Long> unreported = new EnumMap<>(DeadLetterReason.class);

    public DeadLetterLog(long reportIntervalMs) {
        this.reportIntervalMs = reportIntervalMs;
    }

    /** Logs one dead letter; {@code error} must not contain the record value. */
    public synchronized void log(DeadLetterReason reason, String topic, int partition, long offset, String error,
            long nowMs) {
        if (individualWarnings < INDIVIDUAL_WARNINGS) {
            individualWarnings++;
            String more = individualWarnings == INDIVIDUAL_WARNINGS
                    ? " Further dead letters are counted and reported periodically." : "";
            LOG.warn("Dead letter {} from {}-{} at offset {}: {}.{}", reason, topic, partition, offset, error, more);
            return;
        }

        LOG.trace("Dead letter {} from {}-{} at offset {}: {}", reason, topic, partition, offset, error);
        unreported.merge(reason, 1L, Long::sum);
        if (lastReportMs == Long.MIN_VALUE) {
            lastReportMs = nowMs;
        }
        reportIfDue(nowMs);
    }

    /** Logs the counts of the dead letters not yet reported, if the interval has passed. */
    public synchronized void reportIfDue(long nowMs) {
        if (unreported.isEmpty() || nowMs - lastReportMs < reportIntervalMs) {
            return;
        }
        long total = unreported.values().stream().mapToLong(Long::longValue).sum();
        LOG.warn("{} more dead letters in the last {} s, by reason: {}", total, (nowMs - lastReportMs) / 1000, unreported);
        unreported.clear();
        lastReportMs = nowMs;
    }
}
