package org.sentistream.streams.internals;

import org.apache.kafka.common.metrics.Sensor;
import org.sentistream.streams.DeadLetterReason;

/** Creates the dead letter counter of one reason: {@code dead-letter-records-total} and {@code -rate}. */
final class DeadLetterSensors {

    static final String NAME = "dead-letter-records";

    private DeadLetterSensors() {
    }

    static Sensor create(ProcessorMetrics metrics, DeadLetterReason reason) {
        return metrics.countSensor(NAME, "records written to the dead letter topic", "reason", reason.name());
    }
}
