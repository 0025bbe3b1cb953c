package org.sentistream.registry.internals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.sentistream.registry.SchemaStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the schema topic when it is missing and checks the layout of an existing one. */
public final class StoreTopic {

    private static final Logger LOG = LoggerFactory.getLogger(StoreTopic.class);

    private static final int MAX_REPLICATION_FACTOR = 3;

    private StoreTopic() {
    }

    /**
     * Creates the topic with one partition, {@code cleanup.policy=compact} and a replication factor
     * of the cluster size up to 3, unless it exists. An existing topic must have exactly one
     * partition, because the registry's ids follow the order of a single log.
     *
     * @throws SchemaStoreException when the cluster cannot be reached in time or the topic has
     *                              another partition count
     */
    public static void ensure(Admin admin, String topic, Duration timeout) {
        try {
            TopicDescription existing = describe(admin, topic, timeout);
            if (existing == null) {
                create(admin, topic, timeout);
                return;
            }

            int partitions = existing.partitions().size();
            if (partitions != 1) {
                throw new SchemaStoreException("Schema topic " + topic + " has " + partitions
                        + " partitions, but the registry needs exactly 1 to order registrations;"
                        + " choose another topic name");
            }
            warnUnlessCompacted(admin, topic, timeout);
        } catch (ExecutionException | TimeoutException e) {
            throw new SchemaStoreException("Failed to prepare schema topic " + topic + " within "
                    + timeout.toMillis() + " ms: " + e.getMessage() + "; check bootstrap.servers and that Kafka is running", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaStoreException("Interrupted while preparing schema topic " + topic, e);
        }
    }

    private static TopicDescription describe(Admin admin, String topic, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private static void create(Admin admin, String topic, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        short replicationFactor = (short) Math.max(1, Math.min(MAX_REPLICATION_FACTOR, brokers));

        Map<String, String> configs = replicationFactor >= 3
                ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")
                : Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        NewTopic newTopic = new NewTopic(topic, 1, replicationFactor).configs(configs);
        try {
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created schema topic {} with 1 partition, replication factor {}, cleanup.policy=compact",
                    topic, replicationFactor);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // Another registry instance created it between the describe and the create.
        }
    }

    private static void warnUnlessCompacted(Admin admin, String topic, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null ? null
                : config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (policy == null || !policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            LOG.warn("Schema topic {} has cleanup.policy={}; with time or size retention Kafka deletes old schemas."
                    + " Set cleanup.policy=compact on it", topic, policy);
        }
    }
}
