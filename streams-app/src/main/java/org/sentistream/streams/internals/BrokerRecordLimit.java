package org.sentistream.streams.internals;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the largest record batch the brokers accept for the application's outputs. The dead letter topic's
 * {@code max.message.bytes} limits dead letters, and the brokers' {@code message.max.bytes} limits the
 * changelog topics that Kafka Streams creates, such as the batch buffer's. A record over either limit fails
 * on the broker with RecordTooLargeException even when it fits the producer's {@code max.request.size}, and
 * under exactly_once_v2 that failure aborts the transaction, so the input would be replayed forever.
 */
public final class BrokerRecordLimit {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRecordLimit.class);

    /** Broker setting that limits topics without their own {@code max.message.bytes}. */
    static final String BROKER_MESSAGE_MAX_BYTES = "message.max.bytes";

    private BrokerRecordLimit() {
    }

    /**
     * Returns the smallest of {@code maxRequestBytes}, the {@code max.message.bytes} of {@code deadLetterTopic}
     * and one broker's {@code message.max.bytes}. A topic that does not exist yet is skipped, because a new
     * topic takes the broker's value. A limit that cannot be read in time or without permission is logged
     * as a warning and skipped, and after a timeout on the brokers the topic is not read either.
     */
    public static int lookup(Admin admin, String deadLetterTopic, int maxRequestBytes, Duration timeout) {
        int limit = maxRequestBytes;
        try {
            Collection<Node> nodes = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!nodes.isEmpty()) {
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
                limit = Math.min(limit, read(admin, broker, BROKER_MESSAGE_MAX_BYTES, timeout));
            }
        } catch (ExecutionException e) {
            LOG.warn("Failed to read the brokers' {}; records are checked against {} bytes without it",
                    BROKER_MESSAGE_MAX_BYTES, limit, e);
        } catch (TimeoutException e) {
            // An unreachable cluster would time out the topic request as well, so it is not sent.
            LOG.warn("Timed out after {} ms reading the brokers' {}; records are checked against {} bytes only",
                    timeout.toMillis(), BROKER_MESSAGE_MAX_BYTES, limit, e);
            return limit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return limit;
        }

        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, deadLetterTopic);
        try {
            limit = Math.min(limit, read(admin, topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, timeout));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                LOG.warn("Failed to read {} of topic {}; dead letters are checked against {} bytes without it",
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, deadLetterTopic, limit, e);
            }
        } catch (TimeoutException e) {
            LOG.warn("Timed out after {} ms reading {} of topic {}; dead letters are checked against {} bytes "
                    + "without it", timeout.toMillis(), TopicConfig.MAX_MESSAGE_BYTES_CONFIG, deadLetterTopic, limit, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return limit;
    }

    /** Returns the integer value of {@code name} in {@code resource}'s config, or Integer.MAX_VALUE if it has none. */
    private static int read(Admin admin, ConfigResource resource, String name, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(resource)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        ConfigEntry entry = configs.get(resource).get(name);
        if (entry == null || entry.value() == null) {
            return Integer.MAX_VALUE;
        }
        return Integer.parseInt(entry.value());
    }
}
