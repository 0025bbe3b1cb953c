package org.sentistream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.config.ConfigException;
import org.sentistream.loadgen.LoadGenerator;
import org.sentistream.loadgen.LoadGeneratorConfig;
import org.sentistream.serde.SerdeConfig;
import org.sentistream.streams.SentimentAppConfig;

/**
 * {@code loadgen}: sends social posts and customer feedback built from JSONL files (or the bundled
 * sample) to Kafka as Avro, at a steady rate. With {@code --events 0} it runs until interrupted.
 */
public final class LoadgenCommand implements Command {

    private static final Set<String> VALUE_OPTIONS = Set.of("bootstrap-servers", "schema-registry-url", "config", "posts",
            "feedback", "rate", "events", "posts-topic", "feedback-topic", "posts-share", "corrupt-fraction");
    private static final Set<String> FLAGS = Set.of("json", "use-created-at");
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    /** Time a Ctrl-C waits for the flush and the summary before the JVM exits. */
    private static final long SHUTDOWN_WAIT_SECONDS = 30;

    @Override
    public String name() {
        return "loadgen";
    }

    @Override
    public String summary() {
        return "Send social posts and customer feedback from JSONL files to Kafka as Avro at a steady rate";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "--bootstrap-servers HOST:PORT --schema-registry-url URL [options]",
                "   or: --config FILE [options]",
                "  --bootstrap-servers HOST:PORT  Kafka brokers to send to",
                "  --schema-registry-url URL      schema registry base URL, for example http://127.0.0.1:8081",
                "  --config FILE          the application's properties file: bootstrap.servers, schema.registry.url,",
                "                         topic.posts and topic.feedback are read from it, with the registry",
                "                         client's keys and the security.*, sasl.* and ssl.* keys; the options",
                "                         above win",
                "  --posts FILE           JSONL of posts ({\"text\", \"label\", optional \"platform\", \"language\",",
                "                         \"hashtags\", \"id\", \"created_at\"}); default: bundled sample",
                "  --feedback FILE        JSONL of feedback ({\"text\", \"label\", optional \"channel\", \"product\",",
                "                         \"rating\", \"id\", \"created_at\"}); default: bundled sample",
                "  --rate N               events per second, 0 for as fast as possible (default "
                        + fmt(LoadGeneratorConfig.DEFAULT_EVENTS_PER_SECOND) + ")",
                "  --events N             events to send, 0 for until interrupted (default "
                        + LoadGeneratorConfig.DEFAULT_EVENTS + ")",
                "  --posts-topic T        topic of posts (default: topic.posts of --config, or "
                        + LoadGeneratorConfig.DEFAULT_POSTS_TOPIC + ")",
                "  --feedback-topic T     topic of feedback (default: topic.feedback of --config, or "
                        + LoadGeneratorConfig.DEFAULT_FEEDBACK_TOPIC + ")",
                "  --posts-share F        share of events that are posts, 0 to 1 (default "
                        + fmt(LoadGeneratorConfig.DEFAULT_POSTS_SHARE) + ")",
                "  --corrupt-fraction F   share of each topic's events sent as corrupt bytes, 0 to 1 (default 0)",
                "  --use-created-at       take each event's time from its row's created_at (a row without one",
                "                         uses the send time); without this flag every event uses the send time",
                "  --json                 print one JSON summary as the last line of standard output");
    }

    @Override
    public int run(List<String> arguments) throws Exception {
        Args args = Args.parse(arguments, VALUE_OPTIONS, FLAGS);
        LoadGeneratorConfig config = config(args);

        LoadGenerator.Stats stats;
        CountDownLatch summaryPrinted = new CountDownLatch(1);
        try (LoadGenerator generator = new LoadGenerator(config)) {
            System.err.printf(Locale.ROOT, "Load generator run %s: %s events at %s to %s and %s%n", generator.runId(),
                    config.events() == 0 ? "unlimited" : Long.toString(config.events()),
                    config.eventsPerSecond() == 0.0 ? "full speed" : fmt(config.eventsPerSecond()) + " events/s",
                    config.postsTopic(), config.feedbackTopic());

            Thread stopOnInterrupt = stopOnShutdown(generator, summaryPrinted);
            try {
                stats = generator.run();
                printSummary(stats, args.flag("json"));
            } finally {
                summaryPrinted.countDown();
                removeShutdownHook(stopOnInterrupt);
            }
        }

        if (stats.failed() > 0) {
            System.err.printf(Locale.ROOT, "%d of %d events failed; see the warnings above for the producer errors%n",
                    stats.failed(), stats.sent());
            return 1;
        }
        return 0;
    }

    /** Returns the load generator settings that {@code arguments} give, without connecting to anything. */
    static LoadGeneratorConfig config(List<String> arguments) {
        return config(Args.parse(arguments, VALUE_OPTIONS, FLAGS));
    }

    private static LoadGeneratorConfig config(Args args) {
        SentimentAppConfig app = appConfig(args);
        try {
            LoadGeneratorConfig.Builder builder = LoadGeneratorConfig.builder()
                    .bootstrapServers(app != null ? app.bootstrapServers() : args.require("bootstrap-servers"))
                    .schemaRegistryUrl(app != null ? app.schemaRegistryUrl() : args.require("schema-registry-url"))
                    .postsFile(args.optionalInputFile("posts"))
                    .feedbackFile(args.optionalInputFile("feedback"))
                    .postsTopic(args.get("posts-topic", app != null ? app.postsTopic() : LoadGeneratorConfig.DEFAULT_POSTS_TOPIC))
                    .feedbackTopic(args.get("feedback-topic",
                            app != null ? app.feedbackTopic() : LoadGeneratorConfig.DEFAULT_FEEDBACK_TOPIC))
                    .eventsPerSecond(args.getDouble("rate", LoadGeneratorConfig.DEFAULT_EVENTS_PER_SECOND))
                    .events(args.getLong("events", LoadGeneratorConfig.DEFAULT_EVENTS))
                    .postsShare(args.getDouble("posts-share", LoadGeneratorConfig.DEFAULT_POSTS_SHARE))
                    .corruptFraction(args.getDouble("corrupt-fraction", 0.0))
                    .useSourceTimestamps(args.flag("use-created-at"))
                    .progressListener(LoadgenCommand::printProgress, PROGRESS_INTERVAL);
            if (app != null) {
                securitySettings(app).forEach(builder::producerProperty);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }

    /**
     * Returns the settings of the application's configuration that a secured cluster or registry needs: the
     * registry client's credentials, TLS and timeouts, and the Kafka client's security keys, so that loadgen
     * reaches what run reaches.
     */
    static Map<String, Object> securitySettings(SentimentAppConfig app) {
        Map<String, Object> settings = new TreeMap<>(app.registryClientConfig());
        settings.remove(SerdeConfig.SCHEMA_REGISTRY_URL);
        app.originals().forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                settings.put(key, value);
            }
        });
        return settings;
    }

    /** Returns the application configuration of {@code --config} with the address options applied, or null. */
    private static SentimentAppConfig appConfig(Args args) {
        Path file = args.optionalInputFile("config");
        if (file == null) {
            return null;
        }
        Map<String, String> overrides = AddressOptions.overrides(args);
        try {
            return SentimentAppConfig.load(file, System.getenv(), overrides);
        } catch (ConfigException e) {
            throw Args.UsageException.invalidConfiguration(e);
        }
    }

    private static void printProgress(LoadGenerator.Stats stats) {
        System.err.printf(Locale.ROOT, "  %6.1f s  sent %d, acked %d, failed %d, %.1f events/s%n",
                stats.elapsed().toMillis() / 1000.0, stats.sent(), stats.acked(), stats.failed(), stats.eventsPerSecond());
    }

    private static void printSummary(LoadGenerator.Stats stats, boolean json) throws Exception {
        double seconds = stats.elapsed().toNanos() / 1e9;
        System.err.printf(Locale.ROOT, "Sent %d events (%d corrupt), %d acked, %d failed in %.2f s: %.1f events/s%n",
                stats.sent(), stats.corrupt(), stats.acked(), stats.failed(), seconds, stats.eventsPerSecond());
        if (!json) {
            return;
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("events_sent", stats.sent());
        summary.put("events_acked", stats.acked());
        summary.put("failed", stats.failed());
        summary.put("corrupt", stats.corrupt());
        summary.put("elapsed_s", Math.round(seconds * 1000) / 1000.0);
        summary.put("events_per_s", Math.round(stats.eventsPerSecond() * 10) / 10.0);
        System.out.println(new ObjectMapper().writeValueAsString(summary));
    }

    /**
     * Registers a hook that, on Ctrl-C, stops the generator and waits for the flush and the
     * summary, so that an unlimited run still ends with its counts.
     */
    private static Thread stopOnShutdown(LoadGenerator generator, CountDownLatch summaryPrinted) {
        Thread hook = new Thread(() -> {
            generator.stop();
            try {
                summaryPrinted.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sentistream-loadgen-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook is running; it ends once the summary is printed.
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
