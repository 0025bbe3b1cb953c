package org.sentistream.serde;

import java.util.Locale;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * Naming rule of the registry subject under which a serializer registers a record's schema, with
 * the three strategies of the Confluent serializers. Selected by {@value SerdeConfig#VALUE_SUBJECT_NAME_STRATEGY} and
 * {@value SerdeConfig#KEY_SUBJECT_NAME_STRATEGY}.
 */
public enum SubjectNameStrategy {

    /** {@code <topic>-value} or {@code <topic>-key}: one schema lineage per topic. The default. */
    TOPIC_NAME("TopicNameStrategy"),

    /** The record's full name, such as {@code org.sentistream.schemas.SocialPost}, shared by every topic. */
    RECORD_NAME("RecordNameStrategy"),

    /** {@code <topic>-<record full name>}: several record types in one topic, each with its own lineage. */
    TOPIC_RECORD_NAME("TopicRecordNameStrategy");

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private final String confluentName;

    SubjectNameStrategy(String confluentName) {
        this.confluentName = confluentName;
    }

    /** Returns the subject of a record of {@code schema} written to {@code topic}. */
    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
            case RECORD_NAME -> schema.getFullName();
            case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
        };
    }

    /** Returns the Confluent class name of this strategy, such as {@code io.confluent.kafka.serializers.subject.TopicNameStrategy}. */
    public String confluentClassName() {
        return CONFLUENT_PACKAGE + confluentName;
    }

    /**
     * Parses a configured strategy: a Confluent class name (with or without its package), or a
     * constant of this enum such as {@code TOPIC_RECORD_NAME}. Null or blank returns {@link #TOPIC_NAME}.
     *
     * @throws ConfigException for any other value
     */
    public static SubjectNameStrategy parse(String key, Object value) {
        if (value == null || value.toString().isBlank()) {
            return TOPIC_NAME;
        }
        if (value instanceof Class<?> type) {
            return parse(key, type.getName());
        }

        String text = value.toString().strip();
        String simpleName = text.substring(text.lastIndexOf('.') + 1);
        for (SubjectNameStrategy strategy : values()) {
            if (strategy.confluentName.equals(simpleName) || strategy.name().equals(text.toUpperCase(Locale.ROOT))) {
                return strategy;
            }
        }
        throw new ConfigException(key, value, "unknown subject name strategy; expected TopicNameStrategy,"
                + " RecordNameStrategy or TopicRecordNameStrategy, optionally with the package " + CONFLUENT_PACKAGE);
    }
}
