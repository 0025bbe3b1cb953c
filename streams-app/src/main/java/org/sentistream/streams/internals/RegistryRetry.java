package org.sentistream.streams.internals;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.sentistream.serde.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a decode while the schema registry is unavailable, with doubling backoff from
 * {@value #INITIAL_BACKOFF_MS} ms to {@value #MAX_BACKOFF_MS} ms, for at most {@code schema.registry.retry.max.ms}.
 * The stream thread pauses meanwhile, so no record is skipped or dead-lettered. When the time is up, or the
 * application is closing, the last {@link WireFormatException.Reason#REGISTRY_UNAVAILABLE} is rethrown: the
 * thread fails without committing and its replacement restarts from the last commit.
 */
public final class RegistryRetry {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryRetry.class);

    static final long INITIAL_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 5_000;

    private final long maxRetryMs;
    private final BooleanSupplier closing;

    /**
     * @param maxRetryMs total time in ms to keep retrying, 0 for no retry
     * @param closing returns true once the application is shutting down
     */
    public RegistryRetry(long maxRetryMs, BooleanSupplier closing) {
        this.maxRetryMs = maxRetryMs;
        this.closing = closing;
    }

    /**
     * Returns the result of {@code decode}, calling it again while it throws REGISTRY_UNAVAILABLE.
     *
     * @param position topic, partition and offset of the record, for the log
     * @throws WireFormatException of any other reason at once, or REGISTRY_UNAVAILABLE when retrying stops
     */
    public <T> T decode(Supplier<T> decode, String position) {
        long startNanos = System.nanoTime();
        long backoffMs = INITIAL_BACKOFF_MS;
        int attempt = 1;
        while (true) {
            try {
                T result = decode.get();
                if (attempt > 1) {
                    LOG.info("Schema registry reachable again after {} ms and {} attempts; decoded {}",
                            elapsedMs(startNanos), attempt, position);
                }
                return result;
            } catch (WireFormatException e) {
                if (e.reason() != WireFormatException.Reason.REGISTRY_UNAVAILABLE) {
                    throw e;
                }
                long elapsedMs = elapsedMs(startNanos);
                if (closing.getAsBoolean() || elapsedMs + backoffMs > maxRetryMs) {
                    LOG.error("Schema registry still unavailable after {} ms and {} attempts while decoding {}; "
                            + "failing the stream thread, which restarts from the last commit", elapsedMs, attempt,
                            position);
                    throw e;
                }
                LOG.warn("Schema registry unavailable while decoding {} (attempt {}); retrying in {} ms: {}",
                        position, attempt, backoffMs, e.getMessage());
                sleep(backoffMs, e);
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
                attempt++;
            }
        }
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void sleep(long millis, WireFormatException cause) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }
}
