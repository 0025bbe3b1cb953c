package org.sentistream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.sentistream.cli.dashboard.Dashboard;
import org.sentistream.cli.dashboard.DashboardReader;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.streams.SentimentAppConfig;

/**
 * {@code sentiment dashboard}: a live page of the application's output, read from its result, aggregate and
 * dead-letter topics, until Ctrl-C.
 */
public final class DashboardCommand implements Command {

    static final int DEFAULT_PORT = 8088;

    @Override
    public String name() {
        return "dashboard";
    }

    @Override
    public String summary() {
        return "Serve a live page of results per second, sentiment per window and dead letters, until stopped";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "--bootstrap-servers HOST:PORT --schema-registry-url URL [--config FILE] [--port P] [--host ADDRESS]",
                "       [--history-minutes M] [--json]",
                "  --bootstrap-servers H:P   Kafka brokers; may come from bootstrap.servers in --config instead",
                "  --schema-registry-url URL registry of the result schema; may come from --config instead",
                "  --config FILE             the application's properties file: topic names, registry credentials",
                "                            and the consumer's security settings",
                "  --port P                  TCP port of the page (default " + DEFAULT_PORT + "; 0 picks a free one)",
                "  --host ADDRESS            address to bind (default 127.0.0.1; the page has no login)",
                "  --history-minutes M       minutes of output read at start and kept in the charts (default 10)",
                "  --json                    print {\"command\",\"url\"} as the last stdout line once serving");
    }

    @Override
    public int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv, Set.of("bootstrap-servers", "schema-registry-url", "config", "port", "host",
                "history-minutes"), Set.of("json"));
        int port = args.getInt("port", DEFAULT_PORT, 0, 65535);
        int historyMinutes = args.getInt("history-minutes", 10, 1);
        String host = args.get("host", "127.0.0.1");

        Map<String, String> overrides = AddressOptions.overrides(args);
        Path configFile = args.optionalInputFile("config");
        SentimentAppConfig config;
        try {
            config = SentimentAppConfig.load(configFile, System.getenv(), overrides);
        } catch (ConfigException e) {
            throw new Args.UsageException(Args.UsageException.invalidConfiguration(e).getMessage()
                    + " (give --bootstrap-servers and --schema-registry-url, or a --config file with both)");
        }

        DashboardReader.Topics topics = new DashboardReader.Topics(config.resultsTopic(), config.aggregatesTopic(),
                config.deadLetterTopic());
        RestSchemaRegistryClient registry = new RestSchemaRegistryClient(config.registryClientConfig());
        System.err.println("sentiment dashboard: reading " + topics.results() + ", " + topics.aggregates() + " and "
                + topics.deadLetter() + " on " + config.bootstrapServers() + "...");
        Dashboard dashboard;
        try {
            dashboard = Dashboard.start(consumerConfig(config), registry, topics, host, port,
                    Duration.ofMinutes(historyMinutes));
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("sentiment dashboard: stopping...");
            dashboard.close();
            stopped.countDown();
        }, "sentistream-dashboard-shutdown"));

        System.err.println("sentiment dashboard: open " + dashboard.url() + " in a browser; press Ctrl-C to stop");
        System.out.println("dashboard.url=" + dashboard.url());
        if (args.flag("json")) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("command", name());
            summary.put("url", dashboard.url());
            System.out.println(new ObjectMapper().writeValueAsString(summary));
        }
        System.out.flush();

        stopped.await();
        return 0;
    }

    /** Returns the consumer settings of the configuration: the brokers and any client or security key. */
    static Map<String, Object> consumerConfig(SentimentAppConfig config) {
        Map<String, Object> consumer = new HashMap<>();
        config.originals().forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                consumer.put(key, value);
            }
        });
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return consumer;
    }
}
