package org.sentistream.streams.internals;

import java.util.Locale;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/** Renders configuration declarations as a markdown table. */
public final class ConfigReference {

    private ConfigReference() {
    }

    /** Renders one row per key, in declaration order, with the environment variable that sets it. */
    public static String markdown(ConfigDef definition, String envPrefix) {
        StringBuilder table = new StringBuilder();
        table.append("| Key | Type | Default | Valid values | Importance | Environment variable | Description |\n");
        table.append("|---|---|---|---|---|---|---|\n");

        for (ConfigKey key : definition.configKeys().values()) {
            String envVariable = envPrefix + key.name.toUpperCase(Locale.ROOT).replace('.', '_');
            table.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(defaultText(key)).append(" | ")
                    .append(key.validator == null ? "" : escape(key.validator.toString())).append(" | ")
                    .append(key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append('`').append(envVariable).append("` | ")
                    .append(escape(key.documentation)).append(" |\n");
        }
        return table.toString();
    }

    private static String defaultText(ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "(none)";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text.isEmpty() ? "(empty)" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
