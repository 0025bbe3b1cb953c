package org.sentistream.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.registry.SchemaRegistryServer;

/**
 * {@code sentiment broker}: a local Kafka cluster in KRaft mode and a schema registry, both on 127.0.0.1,
 * until Ctrl-C. It gives a machine without Docker or a Kafka installation what {@code run}, {@code loadgen},
 * {@code init} and {@code dashboard} connect to, for example to try several instances of the application.
 * Its standard output is a properties file with the two addresses.
 */
public final class BrokerCommand implements Command {

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public String summary() {
        return "Run a local Kafka cluster (KRaft) and schema registry on 127.0.0.1 until stopped";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "[--nodes N] [--port P] [--registry-port P] [--json]",
                "  --nodes          Kafka nodes, each a broker and a controller, as child JVMs (default 1, at most 5)",
                "  --port           client port of the first node on 127.0.0.1 (default 0: a free port)",
                "  --registry-port  port of the schema registry on 127.0.0.1 (default 0: a free port)",
                "  --json           print {\"command\",\"bootstrap_servers\",\"schema_registry_url\",\"nodes\"} as the last stdout",
                "                   line; standard output is then no longer a properties file that run accepts",
                "Standard output holds bootstrap.servers=... and schema.registry.url=... lines, so",
                "`bin/sentiment broker > local.properties` writes a file that run --config, init --config and",
                "dashboard --config read once the command prints \"ready\" on standard error. Topics and schemas live",
                "in a temporary directory that is deleted on stop (SIGTERM or Ctrl-C; after SIGKILL the Kafka nodes",
                "still stop, but the directory stays in java.io.tmpdir as sentistream-kafka-*).");
    }

    @Override
    public int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv, Set.of("nodes", "port", "registry-port"), Set.of("json"));
        int nodes = args.getInt("nodes", 1, 1, 5);
        int port = args.getInt("port", 0, 0, 65535);
        int registryPort = args.getInt("registry-port", 0, 0, 65535);
        requireFree("--port", port);
        requireFree("--registry-port", registryPort);

        System.err.println("sentiment broker: starting " + nodes + " Kafka node(s) in KRaft mode on 127.0.0.1...");
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(nodes).firstBrokerPort(port).build().start();
        SchemaRegistryServer registry;
        try {
            registry = SchemaRegistryServer.start(SchemaRegistryServer.DEFAULT_HOST, registryPort);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("sentiment broker: stopping the registry and the Kafka node(s)...");
            registry.close();
            cluster.close();
            stopped.countDown();
        }, "sentistream-broker-shutdown"));

        System.out.println("bootstrap.servers=" + cluster.bootstrapServers());
        System.out.println("schema.registry.url=" + registry.url());
        if (args.flag("json")) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("command", name());
            summary.put("bootstrap_servers", cluster.bootstrapServers());
            summary.put("schema_registry_url", registry.url());
            summary.put("nodes", nodes);
            System.out.println(new ObjectMapper().writeValueAsString(summary));
        }
        System.out.flush();
        System.err.println("sentiment broker: ready; create the topics with `bin/sentiment init --bootstrap-servers "
                + cluster.bootstrapServers() + "`. Press Ctrl-C to stop.");

        stopped.await();
        return 0;
    }

    /** Rejects a fixed port that another process holds, before any node starts. */
    private static void requireFree(String option, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(SchemaRegistryServer.DEFAULT_HOST))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new Args.UsageException("Invalid value for " + option + ": port " + port + " on "
                    + SchemaRegistryServer.DEFAULT_HOST + " is not free (" + e.getMessage() + "); choose another or 0");
        }
    }
}
