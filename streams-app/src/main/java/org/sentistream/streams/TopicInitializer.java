package org.sentistream.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the application's topics that do not exist yet: the two input topics, the results, the dead
 * letters and the aggregates.
 *
 * <p>New topics get {@code topic.partitions} partitions and {@code topic.replication.factor} replicas, where
 * -1 means min(3, number of brokers). With three or more replicas a new topic also gets
 * {@code min.insync.replicas=2}, so an acknowledged write survives the loss of one broker and writes go on
 * while one broker is down. An existing topic is never changed: if its partition count differs, a WARN names
 * the topic, both counts and the command that changes it.
 *
 * <pre>{@code
 * try (Admin admin = Admin.create(props)) {
 *     TopicInitializer.Report report = new TopicInitializer(admin, Duration.ofSeconds(30))
 *             .ensureTopics(TopicInitializer.Plan.of(config));
 * }
 * }</pre>
 */
public final class TopicInitializer {

    private static final Logger LOG = LoggerFactory.getLogger(TopicInitializer.class);

    /** Maximum replication factor that the automatic choice uses, the usual production setting. */
    static final int MAX_AUTO_REPLICATION_FACTOR = 3;

    /** min.insync.replicas of new topics with at least three replicas. */
    static final int MIN_IN_SYNC_REPLICAS = 2;

    private final Admin admin;
    private final Duration timeout;

    /**
     * Creates an initializer on an admin client that the caller keeps ownership of.
     *
     * @param timeout maximum wait for each admin request
     */
    public TopicInitializer(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Topics to create and their settings.
     *
     * @param topics topic names, in the order they are reported
     * @param partitions partition count of each new topic
     * @param replicationFactor replicas of each new topic, or -1 for min(3, number of brokers)
     */
    public record Plan(List<String> topics, int partitions, int replicationFactor) {

        public Plan {
            topics = List.copyOf(topics);
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
            }
            if (replicationFactor == 0 || replicationFactor < -1) {
                throw new IllegalArgumentException("replication factor must be -1 (automatic) or at least 1, was "
                        + replicationFactor);
            }
        }

        /** Returns the plan of the application's topics with the configured partitions and replicas. */
        public static Plan of(SentimentAppConfig config) {
            return new Plan(config.topics(), config.topicPartitions(), config.topicReplicationFactor());
        }

        /**
         * Returns the plan from raw configuration values, reading only the topic keys, so that a file without
         * {@code schema.registry.url} or other required keys is enough. Missing keys take their defaults.
         *
         * @throws org.apache.kafka.common.config.ConfigException if a topic key has an invalid value or two topic
         *         keys name the same topic
         */
        public static Plan fromValues(Map<String, ?> values) {
            ConfigDef topicKeys = new ConfigDef();
            for (ConfigDef.ConfigKey key : SentimentAppConfig.CONFIG_DEF.configKeys().values()) {
                if (key.name.startsWith("topic.")) {
                    topicKeys.define(key);
                }
            }

            Map<String, Object> parsed = topicKeys.parse(values);
            SentimentAppConfig.checkDistinctTopics(parsed);

            List<String> topics = SentimentAppConfig.TOPIC_KEYS.stream().map(key -> (String) parsed.get(key)).toList();
            return new Plan(topics,
                    (Integer) parsed.get(SentimentAppConfig.TOPIC_PARTITIONS),
                    (Integer) parsed.get(SentimentAppConfig.TOPIC_REPLICATION_FACTOR));
        }

        /** Returns a copy with another partition count. */
        public Plan withPartitions(int partitions) {
            return new Plan(topics, partitions, replicationFactor);
        }

        /** Returns a copy with another replication factor, -1 for automatic. */
        public Plan withReplicationFactor(int replicationFactor) {
            return new Plan(topics, partitions, replicationFactor);
        }
    }

    /**
     * Outcome of {@link #ensureTopics(Plan)}.
     *
     * @param created topics created by this call
     * @param existing partition count of each topic that already existed
     * @param mismatched topics that already existed with a partition count other than the plan's
     * @param replicationFactor replication factor used for created topics
     */
    public record Report(List<String> created, Map<String, Integer> existing, List<String> mismatched,
                         int replicationFactor) {
    }

    /**
     * Creates the admin client properties from the application configuration: the bootstrap servers plus
     * every passed-through admin key, such as {@code security.protocol}, with {@code admin.} keys winning.
     */
    public static Map<String, Object> adminProperties(SentimentAppConfig config) {
        Map<String, Object> props = new HashMap<>();
        Map<String, Object> passThrough = config.passThroughValues();
        passThrough.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        passThrough.forEach((key, value) -> {
            if (key.startsWith(StreamsConfig.ADMIN_CLIENT_PREFIX)) {
                props.put(key.substring(StreamsConfig.ADMIN_CLIENT_PREFIX.length()), value);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return props;
    }

    /**
     * Creates the topics of {@code config} that do not exist yet, with its own admin client.
     *
     * @throws TopicInitializationException if the cluster cannot be reached or a topic cannot be created
     */
    public static Report ensureTopics(SentimentAppConfig config, Duration timeout) {
        try (Admin admin = Admin.create(adminProperties(config))) {
            return new TopicInitializer(admin, timeout).ensureTopics(Plan.of(config));
        }
    }

    /**
     * Creates the topics of {@code plan} that do not exist yet and checks the partition count of the others.
     * A topic that another instance creates at the same time counts as existing.
     *
     * @throws TopicInitializationException if the cluster cannot be reached, the replication factor exceeds
     *         the number of brokers, or the broker rejects a topic
     */
    public Report ensureTopics(Plan plan) {
        int brokers = brokerCount();
        int replicationFactor = plan.replicationFactor() == -1
                ? Math.min(MAX_AUTO_REPLICATION_FACTOR, brokers)
                : plan.replicationFactor();
        if (replicationFactor > brokers) {
            throw new TopicInitializationException("Replication factor " + replicationFactor + " exceeds the "
                    + brokers + " broker(s) of the cluster. Set " + SentimentAppConfig.TOPIC_REPLICATION_FACTOR
                    + " (or --replication-factor) to at most " + brokers + ", or -1 for min(3, brokers).", null);
        }

        Map<String, Integer> existing = describeExisting(plan.topics());
        List<String> missing = new ArrayList<>();
        for (String topic : plan.topics()) {
            if (!existing.containsKey(topic)) {
                missing.add(topic);
            }
        }

        List<String> created = create(missing, plan.partitions(), replicationFactor);
        awaitLeaders(created);
        if (created.size() < missing.size()) {
            // Another instance created some of them between our describe and create calls.
            List<String> raced = new ArrayList<>(missing);
            raced.removeAll(created);
            existing.putAll(describeExisting(raced));
        }

        List<String> mismatched = new ArrayList<>();
        for (String topic : plan.topics()) {
            Integer partitions = existing.get(topic);
            if (partitions != null && partitions != plan.partitions()) {
                mismatched.add(topic);
                warnPartitionMismatch(topic, partitions, plan.partitions());
            }
        }

        if (created.isEmpty()) {
            LOG.info("Topics ready: all {} exist", existing.keySet());
        } else {
            LOG.info("Topics ready: created {} with {} partitions and replication factor {}, found {} existing",
                    created, plan.partitions(), replicationFactor, existing.keySet());
        }
        return new Report(created, existing, mismatched, replicationFactor);
    }

    private int brokerCount() {
        try {
            return admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (ExecutionException | TimeoutException e) {
            throw new TopicInitializationException("Failed to describe the Kafka cluster within " + timeout.toMillis()
                    + " ms; check bootstrap.servers and that the brokers are running", unwrap(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicInitializationException("Interrupted while describing the Kafka cluster", e);
        }
    }

    /** Returns the partition count of each topic in {@code topics} that exists. */
    private Map<String, Integer> describeExisting(Collection<String> topics) {
        Map<String, Integer> existing = new LinkedHashMap<>();
        if (topics.isEmpty()) {
            return existing;
        }
        try {
            Collection<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> present = topics.stream().filter(names::contains).toList();
            Map<String, TopicDescription> descriptions = admin.describeTopics(present).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (String topic : present) {
                existing.put(topic, descriptions.get(topic).partitions().size());
            }
            return existing;
        } catch (ExecutionException | TimeoutException e) {
            throw new TopicInitializationException("Failed to describe topics " + topics + " within "
                    + timeout.toMillis() + " ms", unwrap(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicInitializationException("Interrupted while describing topics " + topics, e);
        }
    }

    /** Creates the topics and returns those this call created, leaving out those that exist by now. */
    private List<String> create(List<String> topics, int partitions, int replicationFactor) {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : topics) {
            NewTopic newTopic = new NewTopic(topic, partitions, (short) replicationFactor);
            if (replicationFactor >= 3) {
                newTopic.configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(MIN_IN_SYNC_REPLICAS)));
            }
            newTopics.add(newTopic);
        }

        List<String> created = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> entry : admin.createTopics(newTopics).values().entrySet()) {
            try {
                entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new TopicInitializationException("Failed to create topic " + entry.getKey() + " with "
                            + partitions + " partitions and replication factor " + replicationFactor + ": "
                            + reason(e.getCause()), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new TopicInitializationException("Timed out after " + timeout.toMillis()
                        + " ms creating topic " + entry.getKey(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicInitializationException("Interrupted while creating topic " + entry.getKey(), e);
            }
        }
        return created;
    }

    /**
     * Waits until every partition of {@code topics} has a leader in the cluster metadata. An idempotent
     * producer that writes to a partition before its broker has applied the creation can have one request fail
     * while a later one succeeds, and then retries the first with an out-of-order sequence until
     * delivery.timeout.ms (KAFKA-15591).
     *
     * <p>NOTE: this narrows that window but does not close it, because a broker can publish the leader before
     * its replica manager accepts writes. A producer that writes right after this call should use
     * {@code max.in.flight.requests.per.connection=1}, which keeps a later request from overtaking a failed one.
     */
    private void awaitLeaders(List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!haveLeaders(topics)) {
            if (System.nanoTime() > deadline) {
                throw new TopicInitializationException("Timed out after " + timeout.toMillis()
                        + " ms waiting for a leader of every partition of " + topics, null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicInitializationException("Interrupted while waiting for the leaders of " + topics, e);
            }
        }
    }

    private boolean haveLeaders(List<String> topics) {
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return descriptions.values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        } catch (ExecutionException e) {
            // The broker that handled the request does not know a new topic yet, so the next attempt describes it again.
            LOG.debug("Describing new topics {} failed: {}", topics, e.getCause().toString());
            return false;
        } catch (TimeoutException e) {
            throw new TopicInitializationException("Timed out after " + timeout.toMillis()
                    + " ms describing new topics " + topics, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicInitializationException("Interrupted while describing new topics " + topics, e);
        }
    }

    private static void warnPartitionMismatch(String topic, int actual, int expected) {
        LOG.warn("Topic {} exists with {} partitions, but {} is {}. It is left unchanged. To add partitions run "
                        + "kafka-topics.sh --bootstrap-server HOST:PORT --alter --topic {} --partitions {}; this "
                        + "moves keys to other partitions, and Kafka cannot remove partitions, so fewer partitions "
                        + "need a new topic. Otherwise set {}={} to silence this warning.",
                topic, actual, SentimentAppConfig.TOPIC_PARTITIONS, expected, topic, expected,
                SentimentAppConfig.TOPIC_PARTITIONS, actual);
    }

    /** Returns the exception class and message of a failure, or only the class when it has no message. */
    private static String reason(Throwable failure) {
        if (failure == null) {
            return "no reason given";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + message;
    }

    private static Throwable unwrap(Exception e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Thrown when the topics cannot be described or created; the message names the topic and the fix. */
    public static final class TopicInitializationException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public TopicInitializationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
