package org.sentistream.streams.internals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Custom Kafka Streams sensors of one processor node in one task. Every metric is in group
 * {@value #GROUP} with the tags {@code thread-id}, {@code task-id} and {@code processor-node-id}, so
 * two tasks or two nodes never register the same metric name. {@link #close()} removes the sensors.
 */
public final class ProcessorMetrics implements AutoCloseable {

    public static final String GROUP = "sentistream-metrics";

    private final StreamsMetrics metrics;
    private final String sensorPrefix;
    private final Map<String, String> baseTags = new LinkedHashMap<>();
    private final List<Sensor> sensors = new ArrayList<>();

    public ProcessorMetrics(ProcessingContext context, String nodeName) {
        this.metrics = context.metrics();
        String threadId = Thread.currentThread().getName();
        String taskId = context.taskId().toString();
        this.sensorPrefix = threadId + ".task." + taskId + "." + nodeName + ".";
        baseTags.put("thread-id", threadId);
        baseTags.put("task-id", taskId);
        baseTags.put("processor-node-id", nodeName);
    }

    /**
     * Adds a sensor with the metrics {@code <name>-total} (cumulative count) and {@code <name>-rate}
     * (events per second).
     *
     * @param extraTags tag names and values in pairs, for example {@code "reason", "EMPTY_TEXT"}
     */
    public Sensor countSensor(String name, String description, String... extraTags) {
        Map<String, String> tags = tags(extraTags);
        Sensor sensor = addSensor(name, extraTags);
        sensor.add(new MetricName(name + "-total", GROUP, "Total " + description, tags), new CumulativeCount());
        sensor.add(new MetricName(name + "-rate", GROUP, "Per-second rate of " + description, tags),
                new Rate(TimeUnit.SECONDS, new WindowedCount()));
        return sensor;
    }

    /** Adds a sensor with the metrics {@code <name>-avg} and {@code <name>-max} of the recorded values. */
    public Sensor avgMaxSensor(String name, String description) {
        Map<String, String> tags = tags();
        Sensor sensor = addSensor(name);
        sensor.add(new MetricName(name + "-avg", GROUP, "Average " + description, tags), new Avg());
        sensor.add(new MetricName(name + "-max", GROUP, "Maximum " + description, tags), new Max());
        return sensor;
    }

    @Override
    public void close() {
        for (Sensor sensor : sensors) {
            metrics.removeSensor(sensor);
        }
        sensors.clear();
    }

    private Sensor addSensor(String name, String... extraTags) {
        String sensorName = sensorPrefix + name + (extraTags.length == 0 ? "" : "." + String.join(".", extraTags));
        Sensor sensor = metrics.addSensor(sensorName, Sensor.RecordingLevel.INFO);
        sensors.add(sensor);
        return sensor;
    }

    private Map<String, String> tags(String... extraTags) {
        if (extraTags.length % 2 != 0) {
            throw new IllegalArgumentException("Tags must come in name-value pairs, got " + extraTags.length + " strings");
        }
        Map<String, String> tags = new LinkedHashMap<>(baseTags);
        for (int i = 0; i < extraTags.length; i += 2) {
            tags.put(extraTags[i], extraTags[i + 1]);
        }
        return tags;
    }
}
