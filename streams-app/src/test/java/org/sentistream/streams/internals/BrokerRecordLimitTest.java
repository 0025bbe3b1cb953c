package org.sentistream.streams.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;

/** Reads record size limits from a real one-node cluster and from an address where no broker listens. */
class BrokerRecordLimitTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void takesSmallestLimit() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().baseDir(dir)
                .brokerProperty("message.max.bytes", "50000").build().start()) {
            NewTopic small = new NewTopic("small-dlq", 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4000"));
            NewTopic large = new NewTopic("large-dlq", 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "900000"));
            cluster.admin().createTopics(List.of(small, large)).all().get();

            assertEquals(4000, BrokerRecordLimit.lookup(cluster.admin(), "small-dlq", 1_048_576, TIMEOUT),
                    "topic limit below the broker's");
            assertEquals(50_000, BrokerRecordLimit.lookup(cluster.admin(), "large-dlq", 1_048_576, TIMEOUT),
                    "broker limit below the topic's, because changelog topics take the broker's");
            assertEquals(50_000, BrokerRecordLimit.lookup(cluster.admin(), "missing-dlq", 1_048_576, TIMEOUT),
                    "a topic created later takes the broker's limit");
            assertEquals(3000, BrokerRecordLimit.lookup(cluster.admin(), "small-dlq", 3000, TIMEOUT),
                    "max.request.size below both");
        }
    }

    @Test
    void unreachableClusterKeepsRequestSize() {
        // Nothing listens on port 1, so every request times out.
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"));
        try {
            assertEquals(12_345, BrokerRecordLimit.lookup(admin, "dlq", 12_345, Duration.ofMillis(500)));
        } finally {
            admin.close(Duration.ZERO);
        }
    }
}
