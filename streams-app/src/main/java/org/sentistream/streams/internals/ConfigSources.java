package org.sentistream.streams.internals;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads configuration values from a properties file and from environment variables. */
public final class ConfigSources {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSources.class);

    private ConfigSources() {
    }

    /**
     * Reads a properties file as UTF-8, trimming the values.
     *
     * @throws ConfigException if the file is missing, unreadable or not in properties syntax
     */
    public static Map<String, String> readPropertiesFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file.toAbsolutePath() + ": " + e
                    + ". Check the path given to --config.");
        } catch (IllegalArgumentException e) {
            // Properties.load rejects a malformed Unicode escape without naming the file.
            throw new ConfigException("Invalid configuration file " + file.toAbsolutePath() + ": "
                    + e.getMessage().replaceAll("\\.$", "") + ". Write a literal backslash as \\\\.");
        }

        Map<String, String> values = new LinkedHashMap<>();
        for (String name : new TreeSet<>(props.stringPropertyNames())) {
            values.put(name, props.getProperty(name).trim());
        }
        return values;
    }

    /**
     * Maps environment variables to configuration keys: {@code PREFIX_BATCH_MAX_WAIT_MS} becomes
     * {@code batch.max.wait.ms}. A variable with the prefix whose key is not known is ignored, because
     * launcher variables such as {@code SENTISTREAM_JAVA_OPTS} share the prefix.
     */
    public static Map<String, String> fromEnvironment(Map<String, String> environment, String prefix,
            Predicate<String> isKnownKey) {
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(prefix) || name.length() == prefix.length()) {
                continue;
            }

            String key = name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (isKnownKey.test(key)) {
                values.put(key, variable.getValue().trim());
            } else {
                LOG.debug("Ignoring environment variable {}: {} is not a configuration key", name, key);
            }
        }
        return values;
    }
}
