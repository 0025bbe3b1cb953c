package org.sentistream.streams.internals;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.WireFormatException;
import org.sentistream.streams.DeadLetterReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the raw bytes of an input topic and checks the text. A valid record goes to the batcher keyed
 * by its input id. A record that cannot be decoded or has an invalid text goes to the dead letter sink
 * unchanged. A tombstone is counted and skipped.
 *
 * <p>An unreachable schema registry ({@link WireFormatException.Reason#REGISTRY_UNAVAILABLE}) is never
 * dead-lettered: {@link RegistryRetry} pauses the thread and retries, and when it gives up the exception is
 * rethrown, so the stream thread fails before committing, is replaced, and retries the record.
 */
public final class DecodeProcessor<T extends SpecificRecord> implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeProcessor.class);

    private final String nodeName;
    private final AvroDeserializer<T> deserializer;
    private final InputMapper<T> mapper;
    private final Function<T, Long> createdAt;
    private final Settings settings;
    private final InstanceState instance;
    private final String batcherNode;
    private final String deadLetterNode;

    private ProcessorContext<Object, Object> context;
    private ProcessorMetrics metrics;
    private Sensor recordsIn;
    private Sensor tombstones;
    private Sensor futureEventTimes;
    private final Map<DeadLetterReason, Sensor> deadLetterSensors = new EnumMap<>(DeadLetterReason.class);

    /**
     * Checks shared by both decoders.
     *
     * @param textMaxChars longest valid text in code points
     * @param eventTime the rule the timestamp extractor applied, to count capped event times
     * @param registryRetry retry of a decode while the registry is unavailable
     */
    public record Settings(int textMaxChars, EventTimePolicy eventTime, RegistryRetry registryRetry) {
    }

    public DecodeProcessor(String nodeName, AvroDeserializer<T> deserializer, InputMapper<T> mapper,
            Function<T, Long> createdAt, Settings settings, InstanceState instance, String batcherNode,
            String deadLetterNode) {
        this.nodeName = nodeName;
        this.deserializer = deserializer;
        this.mapper = mapper;
        this.createdAt = createdAt;
        this.settings = settings;
        this.instance = instance;
        this.batcherNode = batcherNode;
        this.deadLetterNode = deadLetterNode;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.metrics = new ProcessorMetrics(context, nodeName);
        this.recordsIn = metrics.countSensor("input-records", "records read from the input topic");
        this.tombstones = metrics.countSensor("tombstones-skipped", "records with a null value, skipped");
        this.futureEventTimes = metrics.countSensor("event-time-capped",
                "events with createdAt beyond event.time.max.future.ms, whose timestamp was capped");
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        instance.counters().recordIn();
        recordsIn.record();
        PendingInput.Origin origin = origin(record);

        if (record.value() == null) {
            instance.counters().tombstone();
            tombstones.record();
            LOG.trace("Skipped tombstone from {}-{} at offset {}", origin.topic(), origin.partition(), origin.offset());
            return;
        }

        T event;
        try {
            event = settings.registryRetry().decode(() -> deserializer.deserialize(origin.topic(), record.value()),
                    origin.topic() + "-" + origin.partition() + " at offset " + origin.offset());
        } catch (WireFormatException e) {
            if (e.reason() == WireFormatException.Reason.REGISTRY_UNAVAILABLE) {
                throw e;
            }
            deadLetter(origin, DeadLetterReason.of(e.reason()), e.getMessage());
            return;
        } catch (SerializationException e) {
            deadLetter(origin, DeadLetterReason.UNDECODABLE, e.getMessage());
            return;
        }

        long nowMs = context.currentSystemTimeMs();
        countFutureEventTime(event, origin);
        PendingInput pending = mapper.toPending(event, origin, nowMs);
        if (pending.id() == null || pending.id().isBlank()) {
            deadLetter(origin, DeadLetterReason.MISSING_ID, "The record has an empty id");
            return;
        }
        String text = pending.text();
        if (text == null || text.isBlank()) {
            deadLetter(origin, DeadLetterReason.EMPTY_TEXT, "The text of record " + pending.id() + " is empty or whitespace");
            return;
        }
        int textMaxChars = settings.textMaxChars();
        if (text.length() > textMaxChars) {
            int chars = text.codePointCount(0, text.length());
            if (chars > textMaxChars) {
                deadLetter(origin, DeadLetterReason.TEXT_TOO_LONG, "The text of record " + pending.id() + " has "
                        + chars + " characters, more than text.max.chars=" + textMaxChars);
                return;
            }
        }

        long bufferedBytes = bufferedBytes(pending);
        if (bufferedBytes > instance.maxRecordBytes()) {
            deadLetter(origin, DeadLetterReason.RECORD_TOO_LARGE, "Record " + pending.id() + " needs about "
                    + bufferedBytes + " bytes in the batch buffer's changelog, more than the record limit of "
                    + instance.maxRecordBytes() + " bytes (max.request.size, lowered to the brokers' message.max.bytes"
                    + "); raise producer.max.request.size and the brokers' and topics' limits to accept it");
            return;
        }

        context.forward(new Record<>(pending.id(), pending, record.timestamp()), batcherNode);
    }

    /**
     * Returns the estimated size of the record's changelog entry in the batch buffer: its serialized form
     * (original bytes and text), the 8-byte sequence key and the framing.
     */
    private static long bufferedBytes(PendingInput pending) {
        return PendingInputSerde.size(pending) + Long.BYTES + DeadLetters.FRAMING_BYTES;
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    /** Counts an event whose createdAt the extractor capped; the event itself is processed as usual. */
    private void countFutureEventTime(T event, PendingInput.Origin origin) {
        Long eventTime = createdAt.apply(event);
        if (eventTime == null || !settings.eventTime().isBeyondMaxFuture(eventTime)) {
            return;
        }
        instance.counters().futureEventTime();
        futureEventTimes.record();
        instance.futureEventTimeLog().log(origin.topic() + "-" + origin.partition() + " at offset " + origin.offset(),
                eventTime, settings.eventTime().maxFutureMs(), System.currentTimeMillis());
    }

    private void deadLetter(PendingInput.Origin origin, DeadLetterReason reason, String error) {
        long nowMs = context.currentSystemTimeMs();
        context.forward(DeadLetters.record(origin, reason, error, nowMs,
                instance.maxRecordBytes()), deadLetterNode);
        instance.counters().deadLetter();
        deadLetterSensors.computeIfAbsent(reason, r -> DeadLetterSensors.create(metrics, r)).record();
        instance.deadLetterLog().log(reason, origin.topic(), origin.partition(), origin.offset(), error, nowMs);
    }

    private PendingInput.Origin origin(Record<byte[], byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElse(null);
        String topic = metadata == null ? "unknown" : metadata.topic();
        int partition = metadata == null ? -1 : metadata.partition();
        long offset = metadata == null ? -1 : metadata.offset();
        return new PendingInput.Origin(topic, partition, offset, record.timestamp(), record.key(), record.value(),
                record.headers());
    }
}
