package org.sentistream.loadgen;

import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates the producer a {@link LoadGenerator} sends through. Keys are event ids, and values are
 * already serialized, because the generator writes valid Avro and deliberately corrupt bytes
 * through the same producer.
 */
@FunctionalInterface
public interface ProducerFactory {

    /**
     * @param config producer configuration built by the generator, overrides included
     */
    Producer<String, byte[]> create(Map<String, Object> config);

    /** Returns a factory of real {@link KafkaProducer}s. */
    static ProducerFactory kafka() {
        return config -> new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
