package org.sentistream.streams.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    /** A metric with a fixed value. */
    private record Fixed(MetricName metricName, Object metricValue) implements Metric {
    }

    private static void put(Map<MetricName, Metric> metrics, String name, String group, String description,
            Map<String, String> tags, Object value) {
        MetricName metricName = new MetricName(name, group, description, tags);
        metrics.put(metricName, new Fixed(metricName, value));
    }

    @Test
    void familiesGroupedWithLabels() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        put(metrics, "dead-letter-records-total", "sentistream-metrics", "Total dead letters",
                Map.of("reason", "UNDECODABLE", "thread-id", "t1"), 3.0);
        put(metrics, "process-rate", "stream-thread-metrics", "", Map.of("thread-id", "t1"), 12.5);
        put(metrics, "dead-letter-records-total", "sentistream-metrics", "Total dead letters",
                Map.of("reason", "EMPTY_TEXT", "thread-id", "t1"), 1.0);

        String text = PrometheusText.render(metrics);

        assertEquals("""
                # HELP sentistream_metrics_dead_letter_records_total Total dead letters
                # TYPE sentistream_metrics_dead_letter_records_total counter
                sentistream_metrics_dead_letter_records_total{reason="EMPTY_TEXT",thread_id="t1"} 1.0
                sentistream_metrics_dead_letter_records_total{reason="UNDECODABLE",thread_id="t1"} 3.0
                # TYPE stream_thread_metrics_process_rate gauge
                stream_thread_metrics_process_rate{thread_id="t1"} 12.5
                """, text);
    }

    @Test
    void nonNumericValuesLeftOut() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        put(metrics, "version", "app-info", "Version", Map.of(), "4.3.1");

        assertEquals("", PrometheusText.render(metrics));
    }

    @Test
    void labelValuesEscaped() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        put(metrics, "count", "g", "line one\nline two", Map.of("client-id", "a\"b\\c\nd"), 2);

        String text = PrometheusText.render(metrics);

        assertEquals("""
                # HELP g_count line one\\nline two
                # TYPE g_count gauge
                g_count{client_id="a\\"b\\\\c\\nd"} 2.0
                """, text);
    }

    @Test
    void specialValuesFormatted() {
        assertEquals("NaN", PrometheusText.format(Double.NaN));
        assertEquals("+Inf", PrometheusText.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.format(Double.NEGATIVE_INFINITY));
        assertEquals("0.25", PrometheusText.format(0.25));
        assertEquals("1.0E20", PrometheusText.format(1e20));
    }

    @Test
    void namesSanitized() {
        assertEquals("a_b_c", PrometheusText.sanitize("a-b.c"));
        assertEquals("_9lives", PrometheusText.sanitize("9lives"));
        assertFalse(PrometheusText.sanitize("x y").contains(" "));
    }
}
