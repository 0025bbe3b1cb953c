package org.sentistream.streams.internals;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the results topic for the windowed counts: decodes each result and re-keys it by kind and source,
 * so that the repartition topic after it sends every result of one kind and source to one task. Each
 * input partition's task would otherwise count only its own part of a window.
 *
 * <p>A record on the results topic that is not a result (written by another producer) cannot crash the
 * stream thread: it is logged, counted in {@code aggregate-skipped-records} and left out of the counts.
 * It is not dead-lettered, because it is not an input of this application. An unavailable registry is
 * not such a case: {@link RegistryRetry} pauses and retries as the input decoders do.
 */
public final class ResultKeyer implements Processor<String, byte[], String, AggregateInput> {

    private static final Logger LOG = LoggerFactory.getLogger(ResultKeyer.class);

    private final String nodeName;
    private final AvroDeserializer<SentimentResult> deserializer;
    private final RegistryRetry registryRetry;

    private ProcessorContext<String, AggregateInput> context;
    private ProcessorMetrics metrics;
    private Sensor skipped;

    public ResultKeyer(String nodeName, AvroDeserializer<SentimentResult> deserializer, RegistryRetry registryRetry) {
        this.nodeName = nodeName;
        this.deserializer = deserializer;
        this.registryRetry = registryRetry;
    }

    @Override
    public void init(ProcessorContext<String, AggregateInput> context) {
        this.context = context;
        this.metrics = new ProcessorMetrics(context, nodeName);
        this.skipped = metrics.countSensor("aggregate-skipped-records",
                "records of the results topic left out of the aggregates because they are not results");
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }

        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        String position = context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + " at offset " + m.offset())
                .orElse("unknown position");
        SentimentResult result;
        try {
            result = registryRetry.decode(() -> deserializer.deserialize(topic, record.value()), position);
        } catch (WireFormatException e) {
            if (e.reason() == WireFormatException.Reason.REGISTRY_UNAVAILABLE) {
                throw e;
            }
            skip(position, e);
            return;
        } catch (SerializationException e) {
            skip(position, e);
            return;
        }

        AggregateInput input = AggregateInput.of(result);
        context.forward(new Record<>(input.groupKey(), input, record.timestamp()));
    }

    private void skip(String position, RuntimeException e) {
        skipped.record();
        LOG.warn("Left record {} of the results topic out of the aggregates: it is not a result ({})", position,
                e.getMessage());
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
