package org.sentistream.streams.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Renders Kafka metrics in the Prometheus text exposition format, version 0.0.4. A metric becomes
 * {@code <group>_<name>} with every character outside {@code [a-zA-Z0-9_]} replaced by {@code _}, and its
 * tags become labels. Metrics whose value is not a number, such as the client version strings, are left
 * out. Names ending in {@code -total} are typed as counters, the rest as gauges.
 */
public final class PrometheusText {

    /** Content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    /** Returns the exposition of {@code metrics}, grouped by family and sorted by name. */
    public static String render(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Family> families = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            Object value = entry.getValue().metricValue();
            if (!(value instanceof Number number)) {
                continue;
            }
            MetricName name = entry.getKey();
            String family = sanitize(name.group() + "_" + name.name());
            families.computeIfAbsent(family, key -> new Family(name.description(), name.name().endsWith("-total")))
                    .samples.add(family + labels(name.tags()) + " " + format(number.doubleValue()));
        }

        StringBuilder out = new StringBuilder();
        families.forEach((name, family) -> {
            if (family.help != null && !family.help.isEmpty()) {
                out.append("# HELP ").append(name).append(' ').append(escapeHelp(family.help)).append('\n');
            }
            out.append("# TYPE ").append(name).append(family.counter ? " counter" : " gauge").append('\n');
            family.samples.stream().sorted().forEach(sample -> out.append(sample).append('\n'));
        });
        return out.toString();
    }

    /** One metric family: its help text, its type and its samples. */
    private static final class Family {
        final String help;
        final boolean counter;
        final List<String> samples = new ArrayList<>();

        Family(String help, boolean counter) {
            this.help = help;
            this.counter = counter;
        }
    }

    /** Returns {@code name} with invalid characters replaced by {@code _}, prefixed by one when it starts with a digit. */
    static String sanitize(String name) {
        StringBuilder out = new StringBuilder(name.length() + 1);
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
            out.append('_');
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            out.append(valid ? c : '_');
        }
        return out.toString();
    }

    private static String labels(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("{");
        new TreeMap<>(tags).forEach((key, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(sanitize(key)).append("=\"").append(escapeLabel(value == null ? "" : value)).append('"');
        });
        return out.append('}').toString();
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return Double.toString(value);
    }
}
