package org.sentistream.streams.internals;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.sentistream.streams.SentimentCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs failures to write output records. A record too large for the broker is skipped, because
 * retrying can never succeed and would stop its partition for good. Every other failure fails the stream
 * thread, which is replaced and retries from the last commit, so no output is silently lost.
 *
 * <p>NOTE: under exactly_once_v2 the skip does not help. With Kafka Streams 4.3.1 the transactional producer
 * keeps the RecordTooLargeException, the task fails at its next send and the input is replayed forever. Dead
 * letters, the only outputs that carry input bytes, are therefore cut to fit max.request.size and the brokers'
 * limits before they are sent (see {@link DeadLetters}).
 *
 * <p>Kafka Streams instantiates this class from its config, so the application passes its
 * {@link SentimentCounters} as the config value {@value #COUNTERS_CONFIG}, and the count belongs to that
 * application instance. Without that value the handler counts into counters of its own.
 */
public final class CountingProductionExceptionHandler implements ProductionExceptionHandler {

    /** Config key whose value is the {@link SentimentCounters} object to count into. */
    public static final String COUNTERS_CONFIG = "sentistream.internal.counters";

    private static final Logger LOG = LoggerFactory.getLogger(CountingProductionExceptionHandler.class);

    private SentimentCounters counters = new SentimentCounters();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(COUNTERS_CONFIG) instanceof SentimentCounters shared) {
            counters = shared;
        }
    }

    /** Returns the failures counted so far by the counters this handler writes to. */
    public long failures() {
        return counters.snapshot().productionFailures();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        counters.productionFailure();
        if (exception instanceof RecordTooLargeException) {
            LOG.error("Skipped an output record to topic {} that is too large for the broker ({} failures so far); "
                            + "{}: {}",
                    record.topic(), failures(), source(context), exception.getMessage());
            return Response.resume();
        }
        LOG.error("Failed to write an output record to topic {} ({} failures so far); {}. The stream thread fails "
                        + "and retries from the last commit.",
                record.topic(), failures(), source(context), exception);
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface declares a raw ProducerRecord
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
            SerializationExceptionOrigin origin) {
        counters.productionFailure();
        LOG.error("Failed to serialize the {} of an output record to topic {} ({} failures so far); {}. The stream "
                        + "thread fails and retries from the last commit.",
                origin, record.topic(), failures(), source(context), exception);
        return Response.fail();
    }

    /**
     * Returns where the failed record came from. A state store's changelog record is sent when the store is
     * flushed, outside the processing of any input record, so Kafka Streams gives no input topic for it.
     */
    static String source(ErrorHandlerContext context) {
        if (context.topic() == null) {
            return "no input record (task " + context.taskId() + ", a state store changelog flushed at commit)";
        }
        return "input " + context.topic() + "-" + context.partition() + " at offset " + context.offset()
                + ", processor " + context.processorNodeId();
    }
}
