package org.sentistream.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster in KRaft mode, each node a child JVM started from the Kafka jars on this
 * JVM's class path, listening on 127.0.0.1 with free ports and a temporary log directory.
 *
 * <p>Every node is both broker and controller, so one node is a complete cluster and three nodes
 * form a quorum that survives the loss of one. Child JVMs make it possible to kill a broker with
 * SIGKILL and restart it on the same log directory, which fault tests need.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private final List<BrokerProcess> nodes = new ArrayList<>();
    private final Path baseDir;
    private final boolean deleteBaseDir;
    private final Duration startTimeout;
    private final String clusterId;

    private EmbeddedKafkaCluster(Builder builder) throws IOException {
        this.deleteBaseDir = builder.baseDir == null;
        this.baseDir = builder.baseDir != null
                ? Files.createDirectories(builder.baseDir)
                : Files.createTempDirectory("sentistream-kafka-");
        this.startTimeout = builder.startTimeout;
        this.clusterId = builder.clusterId != null ? builder.clusterId : randomClusterId();

        int[] brokerPorts = new int[builder.nodes];
        int[] controllerPorts = new int[builder.nodes];
        for (int i = 0; i < builder.nodes; i++) {
            brokerPorts[i] = i == 0 && builder.firstBrokerPort > 0 ? builder.firstBrokerPort : freePort();
            controllerPorts[i] = freePort();
        }

        List<String> voters = new ArrayList<>();
        for (int i = 0; i < builder.nodes; i++) {
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }

        int replication = Math.min(3, builder.nodes);
        for (int i = 0; i < builder.nodes; i++) {
            int nodeId = i + 1;
            Properties props = new Properties();
            props.setProperty("process.roles", "broker,controller");
            props.setProperty("node.id", Integer.toString(nodeId));
            props.setProperty("controller.quorum.voters", String.join(",", voters));
            props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[i]
                    + ",CONTROLLER://127.0.0.1:" + controllerPorts[i]);
            props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[i]);
            props.setProperty("controller.listener.names", "CONTROLLER");
            props.setProperty("inter.broker.listener.name", "PLAINTEXT");
            props.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            props.setProperty("log.dirs", baseDir.resolve("node-" + nodeId).resolve("data").toString());
            props.setProperty("num.partitions", "1");
            props.setProperty("default.replication.factor", Integer.toString(replication));
            props.setProperty("offsets.topic.replication.factor", Integer.toString(replication));
            props.setProperty("offsets.topic.num.partitions", "10");
            props.setProperty("transaction.state.log.replication.factor", Integer.toString(replication));
            props.setProperty("transaction.state.log.min.isr", Integer.toString(Math.min(2, replication)));
            props.setProperty("transaction.state.log.num.partitions", "10");
            props.setProperty("share.coordinator.state.topic.replication.factor", Integer.toString(replication));
            props.setProperty("share.coordinator.state.topic.min.isr", Integer.toString(Math.min(2, replication)));
            // Tests and the demo start consumer groups at once; the default 3 s delay only slows them.
            props.setProperty("group.initial.rebalance.delay.ms", "0");
            props.setProperty("auto.create.topics.enable", "false");
            props.setProperty("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
            props.putAll(builder.brokerProperties);
            nodes.add(new BrokerProcess(nodeId, baseDir.resolve("node-" + nodeId), props, brokerPorts[i], builder.heap));
        }
    }

    /** Returns a builder for a cluster of one node. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the log directories and starts every node, then waits until the cluster returns
     * metadata with all brokers registered.
     *
     * @throws IllegalStateException if a node exits or the cluster is not ready within the start timeout
     */
    public EmbeddedKafkaCluster start() {
        long started = System.nanoTime();
        try {
            for (BrokerProcess node : nodes) {
                node.format(clusterId);
            }
            for (BrokerProcess node : nodes) {
                node.start();
            }
            awaitReady(nodes.size());
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Failed to start the embedded Kafka cluster in " + baseDir, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Embedded Kafka cluster of {} node(s) ready at {} in {} ms", nodes.size(), bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return this;
    }

    /** Returns the bootstrap servers of all nodes, such as {@code 127.0.0.1:41234}. */
    public String bootstrapServers() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.brokerPort()).collect(Collectors.joining(","));
    }

    /** Returns the number of nodes. */
    public int size() {
        return nodes.size();
    }

    /**
     * Creates topics that do not exist yet, with the given partition counts and the cluster's default
     * replication factor. Existing topics are left as they are.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            partitionsByTopic.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) Math.min(3, nodes.size()))));
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> entry
                    : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Failed to create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics " + partitionsByTopic.keySet(), e);
        }
    }

    /** Returns a new admin client for this cluster; the caller closes it. */
    public Admin admin() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(config);
    }

    /** Stops node {@code index} (0-based) with SIGTERM and waits for a controlled shutdown. */
    public void stopNode(int index) {
        nodes.get(index).stop(Duration.ofSeconds(60));
    }

    /** Kills node {@code index} (0-based) with SIGKILL. */
    public void killNode(int index) {
        nodes.get(index).kill();
    }

    /** Starts node {@code index} (0-based) again on its existing log directory. */
    public void restartNode(int index) {
        try {
            nodes.get(index).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to restart node " + (index + 1), e);
        }
        awaitReady(nodes.size());
    }

    /** Returns true if node {@code index} (0-based) is running. */
    public boolean isAlive(int index) {
        return nodes.get(index).isAlive();
    }

    /** Returns the directory holding the nodes' data and logs. */
    public Path baseDir() {
        return baseDir;
    }

    private void awaitReady(int expectedBrokers) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                for (BrokerProcess node : nodes) {
                    node.checkAlive();
                }
                try {
                    Collection<?> brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    if (brokers.size() >= expectedBrokers) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded Kafka cluster", e);
        }
        throw new IllegalStateException("Embedded Kafka cluster not ready after " + startTimeout.toSeconds()
                + " s; node logs are in " + baseDir, last);
    }

    /** Stops every node and deletes the temporary directory unless the builder set one. */
    @Override
    public void close() {
        for (BrokerProcess node : nodes) {
            node.stop(Duration.ofSeconds(30));
        }
        if (deleteBaseDir) {
            deleteRecursively(baseDir);
        }
        log.info("Embedded Kafka cluster stopped");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String randomClusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
        buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Failed to delete {}: {}", dir, e.toString());
        }
    }

    /** Settings of an {@link EmbeddedKafkaCluster}. */
    public static final class Builder {

        private int nodes = 1;
        private Path baseDir;
        private Duration startTimeout = Duration.ofSeconds(90);
        private String heap = "512m";
        private final Map<String, String> brokerProperties = new HashMap<>();
        private String clusterId;
        private int firstBrokerPort;

        private Builder() {
        }

        /** Sets the client port of the first node instead of a free one; 0 picks a free port. */
        public Builder firstBrokerPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
            }
            this.firstBrokerPort = port;
            return this;
        }

        /** Sets the cluster id (22 characters of URL-safe base64) instead of a random one; for tests. */
        Builder clusterId(String clusterId) {
            this.clusterId = clusterId;
            return this;
        }

        /** Sets the number of nodes, each a broker and a controller. */
        public Builder nodes(int nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** Keeps data and logs in this directory instead of a temporary one that is deleted on close. */
        public Builder baseDir(Path baseDir) {
            this.baseDir = baseDir;
            return this;
        }

        /** Sets a broker property on every node, overriding the defaults. */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        /** Sets the maximum heap of each node's JVM, such as {@code 512m}. */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Creates the cluster without starting it. */
        public EmbeddedKafkaCluster build() {
            try {
                return new EmbeddedKafkaCluster(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to prepare the embedded Kafka cluster", e);
            }
        }
    }
}
