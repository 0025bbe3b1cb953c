package org.sentistream.streams.internals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.sentistream.engine.ModelInfo;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.streams.DeadLetterReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers valid records in a logged key-value store and classifies them in batches. A batch is flushed
 * when it holds {@code batch.max.records} records and when its oldest record has waited {@code batch.max.wait.ms}
 * (checked by a wall-clock punctuator at a quarter of the wait).
 *
 * <p>The store is keyed by an arrival sequence number, so iteration returns records in arrival order. Its
 * changelog keeps buffered records across a crash, a rebalance or a restart. With exactly_once_v2 the
 * buffer writes, the results and the input offsets commit in one transaction.
 *
 * <p>{@link #close()} forwards nothing. Kafka Streams 4.3 commits a revoked or shutting-down task before it
 * closes the task's processors, so records forwarded from {@code close()} would land in the stream thread's
 * next transaction, after the offsets and the buffer contents were committed. The next owner restores the
 * same records from the changelog and classifies them again, which gave duplicate results under scaling.
 * The buffered records stay in the changelog instead, and the next owner flushes them on its first check.
 */
public final class BatchProcessor implements Processor<String, PendingInput, Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

    private final String nodeName;
    private final String storeName;
    private final int maxRecords;
    private final long maxWaitMs;
    private final SentimentClassifier classifier;
    private final BatchClassifier batchClassifier;
    private final InstanceState instance;
    private final String resultsNode;
    private final String deadLetterNode;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Long, PendingInput> buffer;
    private ProcessorMetrics metrics;
    private Sensor batchSize;
    private Sensor batchLatency;
    private Sensor results;
    private Sensor inferenceFailures;

    private long nextSequence;
    private int buffered;
    private long oldestBufferedAtMs = Long.MAX_VALUE;

    /** Names of the nodes a batch forwards to. */
    public record Targets(String resultsNode, String deadLetterNode) {
    }

    public BatchProcessor(String nodeName, String storeName, int maxRecords, long maxWaitMs,
            SentimentClassifier classifier, InstanceState instance, Targets targets) {
        this.nodeName = nodeName;
        this.storeName = storeName;
        this.maxRecords = maxRecords;
        this.maxWaitMs = maxWaitMs;
        this.classifier = classifier;
        this.batchClassifier = new BatchClassifier(classifier);
        this.instance = instance;
        this.resultsNode = targets.resultsNode();
        this.deadLetterNode = targets.deadLetterNode();
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(storeName);
        this.metrics = new ProcessorMetrics(context, nodeName);
        this.batchSize = metrics.avgMaxSensor("batch-size", "records per classifier batch");
        this.batchLatency = metrics.avgMaxSensor("batch-latency-ms", "wall-clock time of a batch flush in ms");
        this.results = metrics.countSensor("results", "sentiment results written");
        this.inferenceFailures = DeadLetterSensors.create(metrics, DeadLetterReason.INFERENCE_FAILED);

        // Kafka Streams can call init() again on this object when it revives a task, with a freshly restored store.
        nextSequence = 0;
        buffered = 0;
        oldestBufferedAtMs = Long.MAX_VALUE;
        scanRestoredBuffer();

        long checkIntervalMs = Math.max(1, maxWaitMs / 4);
        context.schedule(Duration.ofMillis(checkIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::flushIfDue);
        long summaryIntervalMs = instance.summary().intervalMs();
        context.schedule(Duration.ofMillis(summaryIntervalMs), PunctuationType.WALL_CLOCK_TIME,
                nowMs -> instance.summary().maybeLog(nowMs));
    }

    @Override
    public void process(Record<String, PendingInput> record) {
        PendingInput input = record.value();
        buffer.put(nextSequence++, input);
        buffered++;
        oldestBufferedAtMs = Math.min(oldestBufferedAtMs, input.bufferedAtMs());

        if (buffered >= maxRecords) {
            flush("size");
        }
    }

    @Override
    public void close() {
        if (buffered > 0) {
            LOG.info("Task {} closes with {} buffered records; they stay in the changelog of store {} for the next "
                    + "owner of the task", context.taskId(), buffered, storeName);
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private void flushIfDue(long nowMs) {
        if (buffered > 0 && nowMs - oldestBufferedAtMs >= maxWaitMs) {
            flush("wait");
        }
    }

    /** Classifies everything in the buffer, in batches of at most {@code maxRecords}, and empties it. */
    private void flush(String trigger) {
        List<KeyValue<Long, PendingInput>> entries = new ArrayList<>(buffered);
        try (KeyValueIterator<Long, PendingInput> iterator = buffer.all()) {
            while (iterator.hasNext()) {
                entries.add(iterator.next());
            }
        }

        for (int from = 0; from < entries.size(); from += maxRecords) {
            List<KeyValue<Long, PendingInput>> batch = entries.subList(from, Math.min(from + maxRecords, entries.size()));
            classifyAndForward(batch, trigger);
            for (KeyValue<Long, PendingInput> entry : batch) {
                buffer.delete(entry.key);
            }
        }

        buffered = 0;
        oldestBufferedAtMs = Long.MAX_VALUE;
    }

    private void classifyAndForward(List<KeyValue<Long, PendingInput>> batch, String trigger) {
        long startNanos = System.nanoTime();
        List<String> texts = new ArrayList<>(batch.size());
        for (KeyValue<Long, PendingInput> entry : batch) {
            texts.add(entry.value.text());
        }

        List<BatchClassifier.Outcome> outcomes = batchClassifier.classify(texts);

        long nowMs = context.currentSystemTimeMs();
        ModelInfo model = classifier.info();
        int failed = 0;
        for (int i = 0; i < batch.size(); i++) {
            PendingInput input = batch.get(i).value;
            BatchClassifier.Outcome outcome = outcomes.get(i);
            if (outcome.prediction() == null) {
                failed++;
                deadLetter(input, outcome.error(), nowMs);
                continue;
            }

            SentimentResult result = ResultMapper.toResult(input, outcome.prediction(), model, nowMs);
            Record<String, SentimentResult> record = new Record<>(input.id(), result, input.origin().timestamp());
            context.forward(record, resultsNode);
            if (LOG.isTraceEnabled()) {
                LOG.trace("Result for input {} from {}-{}@{}, buffer key {}, task {}", input.id(),
                        input.origin().topic(), input.origin().partition(), input.origin().offset(), batch.get(i).key,
                        context.taskId());
            }
            instance.counters().result();
            results.record();
        }

        long elapsedNanos = System.nanoTime() - startNanos;
        instance.counters().batch(elapsedNanos);
        batchSize.record(batch.size());
        batchLatency.record(elapsedNanos / 1e6);
        LOG.debug("Flushed batch of {} records ({} trigger) in {} ms: {} results, {} inference failures, task {}",
                batch.size(), trigger, elapsedNanos / 1_000_000, batch.size() - failed, failed, context.taskId());
    }

    private void deadLetter(PendingInput input, String error, long nowMs) {
        PendingInput.Origin origin = input.origin();
        context.forward(DeadLetters.record(origin, DeadLetterReason.INFERENCE_FAILED, error, nowMs,
                instance.maxRecordBytes()), deadLetterNode);
        instance.counters().deadLetter();
        inferenceFailures.record();
        instance.deadLetterLog().log(DeadLetterReason.INFERENCE_FAILED, origin.topic(), origin.partition(),
                origin.offset(), error, nowMs);
    }

    /** Counts the records a previous owner of the task left in the restored store. */
    private void scanRestoredBuffer() {
        try (KeyValueIterator<Long, PendingInput> iterator = buffer.all()) {
            while (iterator.hasNext()) {
                KeyValue<Long, PendingInput> entry = iterator.next();
                buffered++;
                nextSequence = Math.max(nextSequence, entry.key + 1);
                oldestBufferedAtMs = Math.min(oldestBufferedAtMs, entry.value.bufferedAtMs());
            }
        }
        if (buffered > 0) {
            instance.counters().restoredBuffered(buffered);
            LOG.info("Task {} restored {} buffered records from store {}; they are flushed on the next check",
                    context.taskId(), buffered, storeName);
        }
    }
}
