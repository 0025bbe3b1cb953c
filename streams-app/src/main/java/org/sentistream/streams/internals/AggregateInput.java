package org.sentistream.streams.internals;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.sentistream.schemas.SentimentLabel;
import org.sentistream.schemas.SentimentResult;

/**
 * The part of one result that the windowed counts need, as it travels through the aggregate repartition
 * topic. It is JSON rather than registry-framed Avro, so the internal topic adds no subject to the schema
 * registry.
 *
 * @param kind input kind, {@code SOCIAL_POST} or {@code FEEDBACK}
 * @param source platform of a post or channel of a feedback event
 * @param label predicted label
 * @param probNegative probability of the negative class
 * @param probNeutral probability of the neutral class
 * @param probPositive probability of the positive class
 */
public record AggregateInput(String kind, String source, SentimentLabel label, double probNegative,
        double probNeutral, double probPositive) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static AggregateInput of(SentimentResult result) {
        return new AggregateInput(result.getInputKind().name(), result.getSource(), result.getLabel(),
                result.getProbNegative(), result.getProbNeutral(), result.getProbPositive());
    }

    /** Returns the repartition key {@code <kind>/<source>}, so one task counts every result of a kind and source. */
    public String groupKey() {
        return kind + "/" + source;
    }

    /** Returns the JSON serde of the repartition topic. */
    public static Serde<AggregateInput> serde() {
        Serializer<AggregateInput> serializer = (topic, input) -> {
            if (input == null) {
                return null;
            }
            try {
                return JSON.writeValueAsBytes(input);
            } catch (IOException e) {
                throw new SerializationException("Failed to write the aggregate input of " + input.groupKey(), e);
            }
        };
        Deserializer<AggregateInput> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return JSON.readValue(bytes, AggregateInput.class);
            } catch (IOException e) {
                throw new SerializationException("Invalid aggregate input on " + topic + ": " + e.getMessage(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
