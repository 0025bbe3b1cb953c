package org.sentistream.streams.internals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Names of the Kafka configs that the application passes through to Kafka Streams. */
public final class KafkaConfigNames {

    private static final Set<String> UNPREFIXED = new HashSet<>();
    private static final Set<String> TOPIC_CONFIGS = topicConfigNames();

    /** Streams prefixes of client configs, each with the names valid after it. */
    private static final Map<String, Set<String>> CLIENT_PREFIXES = Map.of(
            StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames(),
            StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames());

    static {
        UNPREFIXED.addAll(StreamsConfig.configDef().names());
        UNPREFIXED.addAll(ConsumerConfig.configNames());
        UNPREFIXED.addAll(ProducerConfig.configNames());
        UNPREFIXED.addAll(AdminClientConfig.configNames());
    }

    private KafkaConfigNames() {
    }

    /**
     * Returns true if {@code key} is a Kafka Streams, consumer, producer or admin config, such a config
     * behind one of the Kafka Streams client prefixes, an internal-topic config behind {@code topic.},
     * or a client tag.
     */
    public static boolean isKnown(String key) {
        if (UNPREFIXED.contains(key) || key.startsWith(StreamsConfig.CLIENT_TAG_PREFIX)) {
            return true;
        }
        if (key.startsWith(StreamsConfig.TOPIC_PREFIX)) {
            return TOPIC_CONFIGS.contains(key.substring(StreamsConfig.TOPIC_PREFIX.length()));
        }
        for (Map.Entry<String, Set<String>> prefix : CLIENT_PREFIXES.entrySet()) {
            if (key.startsWith(prefix.getKey()) && prefix.getValue().contains(key.substring(prefix.getKey().length()))) {
                return true;
            }
        }
        return false;
    }

    /** Collects the topic config names, which TopicConfig declares only as {@code *_CONFIG} constants. */
    private static Set<String> topicConfigNames() {
        Set<String> names = new HashSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            boolean constant = Modifier.isStatic(field.getModifiers()) && field.getType() == String.class;
            if (constant && field.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Cannot read public constant TopicConfig." + field.getName(), e);
                }
            }
        }
        return names;
    }
}
