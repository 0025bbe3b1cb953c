package org.sentistream.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.config.ConfigException;
import org.sentistream.cli.dashboard.Dashboard;
import org.sentistream.cli.dashboard.DashboardReader;
import org.sentistream.engine.ModelInfo;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.loadgen.LoadGenerator;
import org.sentistream.loadgen.LoadGeneratorConfig;
import org.sentistream.registry.SchemaRegistryServer;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.streams.SentimentApp;
import org.sentistream.streams.SentimentAppConfig;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code sentiment demo}: starts a real single-node Kafka broker, the schema registry, the streams
 * application and the load generator on the bundled sample, and prints what flows through.
 */
public final class DemoCommand implements Command {

    private static final Set<String> OPTIONS = Set.of("events", "rate", "encoder", "partitions",
            "summary-interval-s", "timeout-s", "corrupt-fraction", "posts", "feedback", "set", "dashboard-port");
    private static final Set<String> FLAGS = Set.of();

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "Run the whole pipeline on an embedded Kafka broker with the bundled sample";
    }

    @Override
    public String usage() {
        return "[--events N] [--rate EVENTS_PER_S] [--encoder e5-small-v2|all-minilm-l6-v2] [--partitions N]\n"
                + "  --events N            stop once N events are classified and print a JSON summary (default: run until Ctrl-C)\n"
                + "  --rate R              events per second the load generator sends; 0 = as fast as possible\n"
                + "                        (default: 0 with --events, 20 without)\n"
                + "  --encoder E           encoder of the classifier (default e5-small-v2)\n"
                + "  --partitions N        partitions of each topic (default 4)\n"
                + "  --corrupt-fraction F  share of deliberately corrupt events, to watch the dead-letter topic (default 0)\n"
                + "  --posts FILE          JSONL posts instead of the bundled sample; --feedback FILE likewise\n"
                + "  --summary-interval-s S  seconds between summary lines (default 5)\n"
                + "  --timeout-s S         with --events, fail if the results are not all in after S seconds (default 900)\n"
                + "  --set KEY=VALUE       any application configuration key, such as batch.max.records=64\n"
                + "  --dashboard-port P    port of the live dashboard on 127.0.0.1 (default 0 = a free port; -1 = none)";
    }

    @Override
    public int run(List<String> rawArgs) throws Exception {
        Args args = Args.parse(rawArgs, OPTIONS, FLAGS);
        long events = args.getLong("events", 0);
        if (events < 0) {
            throw new Args.UsageException("--events must be 0 or more, was " + events);
        }
        double rate = args.getDouble("rate", events > 0 ? 0 : 20, 0);
        int partitions = args.getInt("partitions", 4, 1);
        int dashboardPort = args.getInt("dashboard-port", 0, -1, 65535);
        double corruptFraction = args.getDouble("corrupt-fraction", 0, 0);
        if (corruptFraction > 1) {
            throw new Args.UsageException("Invalid value for --corrupt-fraction: " + corruptFraction + " is above 1");
        }
        Duration summaryInterval = Duration.ofSeconds(args.getInt("summary-interval-s", 5, 1));
        Duration timeout = Duration.ofSeconds(args.getInt("timeout-s", 900, 1));
        Path posts = args.optionalInputFile("posts");
        Path feedback = args.optionalInputFile("feedback");
        // Checks the configuration keys before the broker starts, which takes seconds; the addresses are stand-ins.
        try {
            SentimentAppConfig.load(null, System.getenv(), overrides(args, partitions, "127.0.0.1:9092",
                    "http://127.0.0.1:8081"));
        } catch (ConfigException e) {
            throw Args.UsageException.invalidConfiguration(e);
        }

        PrintStream out = System.out;
        PrintStream err = System.err;
        CountDownLatch stopRequested = new CountDownLatch(1);
        Termination.onSignal(stopRequested::countDown);

        DemoPipeline pipeline = new DemoPipeline();
        try (pipeline) {
            err.println("Starting an embedded Kafka broker (KRaft, 127.0.0.1)...");
            EmbeddedKafkaCluster cluster = pipeline.startCluster();
            SchemaRegistryServer registry = pipeline.startRegistry();
            SentimentAppConfig config = SentimentAppConfig.load(null, System.getenv(),
                    withStateDir(overrides(args, partitions, cluster.bootstrapServers(), registry.url()),
                            cluster.baseDir().resolve("streams-state")));
            // Every topic gets topic.partitions, as the application would create them, so it warns about none.
            int topicPartitions = config.topicPartitions();
            cluster.createTopics(Map.of(
                    config.postsTopic(), topicPartitions,
                    config.feedbackTopic(), topicPartitions,
                    config.resultsTopic(), topicPartitions,
                    config.deadLetterTopic(), topicPartitions,
                    config.aggregatesTopic(), topicPartitions));

            out.println("bootstrap.servers=" + cluster.bootstrapServers());
            out.println("schema.registry.url=" + registry.url());
            out.flush();

            err.println("Loading the " + config.engineConfig().encoder() + " classifier...");
            SentimentApp app = pipeline.startApp(SentimentApp.create(config));
            if (!app.awaitRunning(Duration.ofSeconds(120))) {
                err.println("The streams application did not reach RUNNING; its state is " + app.state());
                return 1;
            }

            if (dashboardPort >= 0) {
                Dashboard dashboard = pipeline.startDashboard(Dashboard.start(
                        Map.of("bootstrap.servers", cluster.bootstrapServers()),
                        new RestSchemaRegistryClient(registry.url()),
                        new DashboardReader.Topics(config.resultsTopic(), config.aggregatesTopic(), config.deadLetterTopic()),
                        "127.0.0.1", dashboardPort, Duration.ofMinutes(10)));
                out.println("dashboard.url=" + dashboard.url());
                out.flush();
                err.println("Live dashboard: " + dashboard.url());
            }

            PipelineMonitor monitor = pipeline.startMonitor(new PipelineMonitor(cluster.bootstrapServers(),
                    new RestSchemaRegistryClient(registry.url()), config.resultsTopic(), config.deadLetterTopic()));

            LoadGenerator generator = pipeline.startGenerator(new LoadGenerator(LoadGeneratorConfig.builder()
                    .bootstrapServers(cluster.bootstrapServers())
                    .schemaRegistryUrl(registry.url())
                    .postsTopic(config.postsTopic())
                    .feedbackTopic(config.feedbackTopic())
                    .postsFile(posts)
                    .feedbackFile(feedback)
                    .eventsPerSecond(rate)
                    .events(events)
                    .corruptFraction(corruptFraction)
                    .build()));
            err.printf(Locale.ROOT, "Sending %s events at %s; Ctrl-C stops the demo.%n",
                    events > 0 ? Long.toString(events) : "unlimited",
                    rate > 0 ? rate + " events/s" : "full speed");

            DemoProgress progress = new DemoProgress(generator, monitor, System.nanoTime());
            boolean complete = progress.follow(events, summaryInterval, timeout, stopRequested, err);

            if (events > 0) {
                DemoProgress.Summary summary = progress.summary();
                out.println(new ObjectMapper().writeValueAsString(summaryJson(summary, config, app.model())));
                out.flush();
                if (!complete) {
                    err.println("Not every event came back within " + timeout.toSeconds() + " s: "
                            + summary.resultsOut() + " results and " + summary.deadLetters() + " dead letters for "
                            + summary.eventsIn() + " events.");
                    return 1;
                }
                return summary.duplicates() == 0 ? 0 : 1;
            }
            return Termination.exitCode(0);
        } finally {
            if (pipeline.classifierLeftOpen()) {
                // A stream thread may still be inside ONNX Runtime; exiting through the hooks would free it there.
                Termination.halt(Termination.exitCode(1));
            }
        }
    }

    private static Map<String, String> withStateDir(Map<String, String> overrides, Path stateDir) {
        overrides.putIfAbsent(SentimentAppConfig.STATE_DIR, stateDir.toString());
        return overrides;
    }

    private static Map<String, String> overrides(Args args, int partitions, String bootstrapServers,
            String registryUrl) {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put(SentimentAppConfig.TOPIC_PARTITIONS, Integer.toString(partitions));
        overrides.put(SentimentAppConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        overrides.put(SentimentAppConfig.SCHEMA_REGISTRY_URL, registryUrl);
        overrides.put(SentimentAppConfig.APPLICATION_ID, "sentistream-demo");
        // A demo wants to see results soon after they are computed, so commit more often than the default.
        overrides.put("commit.interval.ms", "500");
        if (args.has("encoder")) {
            overrides.put(SentimentAppConfig.ENGINE_ENCODER, args.require("encoder"));
        }
        for (String assignment : args.getAll("set")) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new Args.UsageException("Invalid --set '" + assignment + "': expected KEY=VALUE");
            }
            overrides.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
        }
        return overrides;
    }

    private static Map<String, Object> summaryJson(DemoProgress.Summary summary, SentimentAppConfig config,
            ModelInfo model) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("events_in", summary.eventsIn());
        json.put("results_out", summary.resultsOut());
        json.put("dead_letters", summary.deadLetters());
        json.put("duplicates", summary.duplicates());
        json.put("elapsed_s", round(summary.elapsedSeconds(), 3));
        json.put("results_per_s", round(summary.resultsPerSecond(), 2));
        json.put("label_counts", summary.labelCounts());
        json.put("dead_letter_reasons", summary.deadLetterReasons());
        json.put("encoder", config.engineConfig().encoder());
        json.put("engine", model.engine());
        json.put("model_id", model.modelId());
        return json;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** Everything the demo started, closed in reverse order whatever failed. */
    private static final class DemoPipeline implements AutoCloseable {

        private EmbeddedKafkaCluster cluster;
        private SchemaRegistryServer registry;
        private SentimentApp app;
        private PipelineMonitor monitor;
        private Thread monitorThread;
        private LoadGenerator generator;
        private Dashboard dashboard;
        private boolean classifierLeftOpen;

        /** Returns true when Kafka Streams did not close in time, so the classifier may still be in use. */
        boolean classifierLeftOpen() {
            return classifierLeftOpen;
        }

        EmbeddedKafkaCluster startCluster() {
            cluster = EmbeddedKafkaCluster.builder().build().start();
            return cluster;
        }

        SchemaRegistryServer startRegistry() throws IOException {
            registry = SchemaRegistryServer.start("127.0.0.1", 0);
            return registry;
        }

        SentimentApp startApp(SentimentApp created) {
            app = created;
            app.start();
            return app;
        }

        PipelineMonitor startMonitor(PipelineMonitor created) {
            monitor = created;
            monitorThread = new Thread(monitor, "sentistream-demo-monitor");
            monitorThread.setDaemon(true);
            monitorThread.start();
            return monitor;
        }

        Dashboard startDashboard(Dashboard created) {
            dashboard = created;
            return dashboard;
        }

        LoadGenerator startGenerator(LoadGenerator created) {
            generator = created;
            generator.runAsync();
            return generator;
        }

        @Override
        public void close() throws InterruptedException {
            if (generator != null) {
                generator.close();
            }
            if (dashboard != null) {
                dashboard.close();
            }
            if (monitor != null) {
                monitor.close();
                monitorThread.join(10_000);
            }
            if (app != null && !app.close(Duration.ofSeconds(30))) {
                classifierLeftOpen = true;
            }
            if (registry != null) {
                registry.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
