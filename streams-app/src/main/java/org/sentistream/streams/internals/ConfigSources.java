package org.sentistream.streams.internals;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
     * {@code batch.max.wait.ms}. A variable name cannot contain '.' or '-', so each key of {@code keys} is
     * matched through its upper-cased form with both replaced by '_': {@code PREFIX_QUICKSILVER_KV_SKIP_HALTED}
     * sets {@code quicksilver.kv.skip-halted}. Other names map '_' to '.' and count when {@code isKnownKey}
     * accepts them, as Kafka's own keys do.
     *
     * <p>A variable with the prefix that names no key is ignored with a WARN, so a misspelled name does not
     * pass unnoticed, unless it is one of {@code otherVariables}: launcher and test variables share the
     * prefix. The log names the variable, never its value, which may be a secret.
     */
    public static Map<String, String> fromEnvironment(Map<String, String> environment, String prefix,
            Collection<String> keys, Predicate<String> isKnownKey, Set<String> otherVariables) {
        Map<String, String> keysByVariable = new HashMap<>();
        for (String key : keys) {
            keysByVariable.put(prefix + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), key);
        }

        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(prefix) || name.length() == prefix.length()) {
                continue;
            }

            String key = keysByVariable.get(name);
            if (key == null) {
                key = name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
            if (isKnownKey.test(key)) {
                values.put(key, variable.getValue().trim());
            } else if (otherVariables.contains(name)) {
                LOG.debug("Ignoring environment variable {}: it is not a configuration key", name);
            } else {
                LOG.warn("Ignoring environment variable {}: {} is not a configuration key. Check its spelling; "
                        + "the reference table lists each key's variable.", name, key);
            }
        }
        return values;
    }
}
