package org.sentistream.streams.internals;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.sentistream.serde.AvroDeserializer;
import org.sentistream.serde.WireFormat;
import org.sentistream.serde.WireFormatException;

/**
 * Timestamp extractor of an input topic: decodes the Confluent-framed Avro value and returns its
 * {@code createdAt} as capped by {@link EventTimePolicy}. It never throws. A value that does not decode
 * falls back to the record timestamp, and the decoder dead-letters it later.
 *
 * <p>The extractor runs on the stream thread before the decoder, so it must not block on the schema
 * registry: after a failed fetch it skips schema ids it has not decoded before for
 * {@value #REGISTRY_BACKOFF_MS} ms. The decoder does the bounded retry. Thread-safe, one instance per
 * source shared by every task.
 */
public final class EventTimeExtractor<T extends SpecificRecord> implements TimestampExtractor {

    static final long REGISTRY_BACKOFF_MS = 1_000;

    private final AvroDeserializer<T> deserializer;
    private final Function<T, Long> createdAt;
    private final EventTimePolicy policy;
    private final Set<Integer> decodedSchemaIds = ConcurrentHashMap.newKeySet();
    private volatile long registryRetryAtMs;

    public EventTimeExtractor(AvroDeserializer<T> deserializer, Function<T, Long> createdAt, EventTimePolicy policy) {
        this.deserializer = deserializer;
        this.createdAt = createdAt;
        this.policy = policy;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return policy.timestamp(readCreatedAt(record), record.timestamp(), partitionTime);
    }

    /** Returns the createdAt of the value, or null if it is absent or the value does not decode now. */
    private Long readCreatedAt(ConsumerRecord<Object, Object> record) {
        if (!(record.value() instanceof byte[] value)) {
            return null;
        }

        try {
            int schemaId = WireFormat.schemaId(value);
            if (!decodedSchemaIds.contains(schemaId) && System.currentTimeMillis() < registryRetryAtMs) {
                return null;
            }
            T event = deserializer.deserialize(record.topic(), value);
            decodedSchemaIds.add(schemaId);
            return createdAt.apply(event);
        } catch (WireFormatException e) {
            if (e.reason() == WireFormatException.Reason.REGISTRY_UNAVAILABLE) {
                registryRetryAtMs = System.currentTimeMillis() + REGISTRY_BACKOFF_MS;
            }
            return null;
        } catch (RuntimeException e) {
            // Any other decoding failure is the decoder's to report; a throwing extractor kills the thread.
            return null;
        }
    }
}
