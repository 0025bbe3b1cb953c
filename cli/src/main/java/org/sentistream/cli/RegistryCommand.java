package org.sentistream.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.sentistream.registry.CompatibilityLevel;
import org.sentistream.registry.KafkaSchemaStore;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.registry.SchemaStore;
import org.sentistream.registry.internals.InMemorySchemaStore;

/**
 * {@code sentiment registry}: runs the Confluent-compatible schema registry until Ctrl-C, with its
 * schemas in a compacted Kafka topic, or in memory with {@code --in-memory}.
 */
public final class RegistryCommand implements Command {

    private static final int DEFAULT_PORT = 8081;

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public String summary() {
        return "Run the Confluent-compatible schema registry, backed by a Kafka topic, until stopped";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "--bootstrap-servers HOST:PORT [--port P] [--host ADDRESS] [--topic NAME] [--compatibility LEVEL] [--json]",
                "   or: --in-memory [--port P] [--host ADDRESS] [--compatibility LEVEL] [--json]",
                "  --bootstrap-servers  Kafka cluster that stores the schemas; required unless --in-memory",
                "  --port               TCP port to listen on (default " + DEFAULT_PORT + "; 0 picks a free port)",
                "  --host               address to bind (default " + SchemaRegistryServer.DEFAULT_HOST + ")",
                "  --topic              schema topic (default " + KafkaSchemaStore.DEFAULT_TOPIC
                        + "), created with 1 partition and cleanup.policy=compact when missing",
                "  --compatibility      global compatibility level to set: NONE, BACKWARD, BACKWARD_TRANSITIVE,",
                "                       FORWARD, FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE; unset keeps the",
                "                       stored level (BACKWARD in a new store)",
                "  --in-memory          keep schemas in memory only; they are lost when the registry stops",
                "  --json               print {\"command\",\"url\",\"store\",\"topic\",\"compatibility\"} as the last stdout line");
    }

    @Override
    public int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv, Set.of("bootstrap-servers", "port", "host", "topic", "compatibility"),
                Set.of("in-memory", "json"));
        boolean inMemory = args.flag("in-memory");
        String bootstrapServers = args.get("bootstrap-servers", null);
        if (inMemory == (bootstrapServers != null)) {
            throw new Args.UsageException(inMemory
                    ? "--in-memory and --bootstrap-servers exclude each other; choose one store"
                    : "Missing --bootstrap-servers: the registry stores schemas in a Kafka topic. Pass"
                            + " --in-memory to run without Kafka, and lose every schema when it stops");
        }
        if (inMemory && args.has("topic")) {
            throw new Args.UsageException("--topic applies only to the Kafka store; remove it or use --bootstrap-servers");
        }
        int port = args.getInt("port", DEFAULT_PORT, 0, 65535);
        CompatibilityLevel level = parseLevel(args.get("compatibility", null));
        String topic = args.get("topic", KafkaSchemaStore.DEFAULT_TOPIC);

        SchemaStore store;
        if (inMemory) {
            store = new InMemorySchemaStore();
        } else {
            System.err.println("sentiment registry: reading schema topic " + topic + " on " + bootstrapServers + "...");
            store = KafkaSchemaStore.open(bootstrapServers, topic, Map.of(),
                    KafkaSchemaStore.DEFAULT_STARTUP_TIMEOUT, KafkaSchemaStore.DEFAULT_WRITE_TIMEOUT);
        }
        if (level != null && level != store.globalCompatibility()) {
            store.setGlobalCompatibility(level);
        }

        SchemaRegistryServer server;
        try {
            server = SchemaRegistryServer.start(args.get("host", SchemaRegistryServer.DEFAULT_HOST), port, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("sentiment registry: stopping...");
            server.close();
            stopped.countDown();
        }, "sentistream-registry-shutdown"));

        System.err.println("sentiment registry: listening on " + server.url() + " with "
                + (inMemory ? "an in-memory store" : "schema topic " + topic) + ", global compatibility "
                + store.globalCompatibility() + "; press Ctrl-C to stop");
        System.out.println("schema.registry.url=" + server.url());
        if (args.flag("json")) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("command", name());
            summary.put("url", server.url());
            summary.put("store", inMemory ? "memory" : "kafka");
            summary.put("topic", inMemory ? null : topic);
            summary.put("compatibility", store.globalCompatibility().name());
            System.out.println(new ObjectMapper().writeValueAsString(summary));
        }
        System.out.flush();

        stopped.await();
        return 0;
    }

    private static CompatibilityLevel parseLevel(String value) {
        if (value == null) {
            return null;
        }
        try {
            return CompatibilityLevel.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("Invalid --compatibility " + value + "; expected one of "
                    + List.of(CompatibilityLevel.values()));
        }
    }
}
