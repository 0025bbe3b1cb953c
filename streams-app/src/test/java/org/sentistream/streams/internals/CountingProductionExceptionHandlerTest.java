package org.sentistream.streams.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.sentistream.streams.SentimentCounters;

class CountingProductionExceptionHandlerTest {

    private static final ProducerRecord<byte[], byte[]> RECORD = new ProducerRecord<>("sentiment-results", new byte[1]);

    @Test
    void countsPerInstance() {
        SentimentCounters first = new SentimentCounters();
        SentimentCounters second = new SentimentCounters();
        CountingProductionExceptionHandler firstHandler = handler(first);
        CountingProductionExceptionHandler secondHandler = handler(second);

        firstHandler.handleError(new Context(), RECORD, new RecordTooLargeException("too large"));
        firstHandler.handleError(new Context(), RECORD, new RecordTooLargeException("too large"));
        secondHandler.handleError(new Context(), RECORD, new RecordTooLargeException("too large"));

        assertEquals(2, first.snapshot().productionFailures());
        assertEquals(1, second.snapshot().productionFailures());
    }

    @Test
    void tooLargeResumes() {
        Result result = handler(new SentimentCounters())
                .handleError(new Context(), RECORD, new RecordTooLargeException("too large")).result();

        assertEquals(Result.RESUME, result);
    }

    @Test
    void otherErrorFails() {
        Result result = handler(new SentimentCounters())
                .handleError(new Context(), RECORD, new IllegalStateException("broker gone")).result();

        assertEquals(Result.FAIL, result);
    }

    @Test
    void sourceNamesInputRecord() {
        assertEquals("input social-posts-0 at offset 42, processor batcher",
                CountingProductionExceptionHandler.source(new Context()));
    }

    @Test
    void sourceOfChangelogFlushNamesTask() {
        // Kafka Streams passes a null topic, partition -1 and offset -1 for a record sent during a flush.
        assertEquals("no input record (task 0_0, a state store changelog flushed at commit)",
                CountingProductionExceptionHandler.source(new Context(null)));
    }

    private static CountingProductionExceptionHandler handler(SentimentCounters counters) {
        CountingProductionExceptionHandler handler = new CountingProductionExceptionHandler();
        handler.configure(Map.of(CountingProductionExceptionHandler.COUNTERS_CONFIG, counters));
        return handler;
    }

    private record Context(String topic) implements ErrorHandlerContext {

        Context() {
            this("social-posts");
        }

        @Override
        public int partition() {
            return topic == null ? -1 : 0;
        }

        @Override
        public long offset() {
            return topic == null ? -1 : 42;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return topic == null ? null : "batcher";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    }
}
