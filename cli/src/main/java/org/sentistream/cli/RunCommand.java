package org.sentistream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.sentistream.streams.SentimentApp;
import org.sentistream.streams.SentimentAppConfig;
import org.sentistream.streams.SentimentCounters;

/**
 * {@code run}: runs the streams application against an existing Kafka cluster and schema registry until
 * SIGTERM or Ctrl-C. The application logs a summary line every {@code log.summary.interval.ms}. On
 * shutdown it closes within {@code shutdown.timeout.ms} and prints the totals.
 */
public final class RunCommand implements Command {

    private static final Set<String> VALUE_OPTIONS = Set.of("config", "set");
    private static final Set<String> FLAGS = Set.of("json", "config-reference");
    private static final long STATE_CHECK_MS = 1000;

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "Run the sentiment streams application against a Kafka cluster until stopped";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "--config FILE [--set key=value ...] [--json]",
                "  --config FILE        properties file; an example is in the streams-app jar at",
                "                       org/sentistream/streams/example.properties",
                "  --set key=value      override one key (repeatable); beats SENTISTREAM_* environment",
                "                       variables, which beat the file",
                "  --json               on shutdown, print the totals as one JSON object on standard output",
                "  --config-reference   print the markdown table of every configuration key and exit");
    }

    @Override
    public int run(List<String> arguments) throws Exception {
        Args args = Args.parse(arguments, VALUE_OPTIONS, FLAGS);
        if (args.flag("config-reference")) {
            System.out.print(SentimentAppConfig.referenceMarkdown());
            return 0;
        }

        Path file = args.inputFile("config");
        Map<String, String> overrides = overrides(args.getAll("set"));

        SentimentAppConfig config;
        try {
            config = SentimentAppConfig.load(file, System.getenv(), overrides);
        } catch (ConfigException e) {
            throw Args.UsageException.invalidConfiguration(e);
        }

        // Until the application exists, a signal has nothing to close; halting keeps ONNX Runtime's hook off the load.
        Termination.haltOnSignal();
        System.err.println("sentiment run: loading the " + config.engineConfig().encoder() + " classifier...");
        SentimentApp app = SentimentApp.create(config);
        CountDownLatch closed = new CountDownLatch(1);
        boolean json = args.flag("json");
        Termination.onSignal(() -> {
            System.err.println("sentiment run: stopping, waiting up to " + config.shutdownTimeoutMs() + " ms...");
            boolean clean = app.close(Duration.ofMillis(config.shutdownTimeoutMs()));
            printTotals(app.counters(), clean, json);
            if (!clean) {
                // A stream thread may still be inside ONNX Runtime; exiting through the hooks would free it there.
                Termination.halt(Termination.exitCode(1));
            }
            closed.countDown();
        });

        app.start();
        System.err.println("sentiment run: started " + config.applicationId() + " on " + config.bootstrapServers()
                + "; press Ctrl-C to stop");

        while (!closed.await(STATE_CHECK_MS, TimeUnit.MILLISECONDS)) {
            KafkaStreams.State state = app.state();
            if (!Termination.requested() && (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING)) {
                System.err.println("sentiment run: Kafka Streams stopped in state " + state + "; see the log above");
                boolean clean = app.close(Duration.ofMillis(config.shutdownTimeoutMs()));
                printTotals(app.counters(), clean, json);
                return 1;
            }
        }
        return Termination.exitCode(0);
    }

    /** Parses repeated {@code --set key=value} options; a later value of the same key wins. */
    static Map<String, String> overrides(List<String> settings) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new Args.UsageException("Invalid --set '" + setting + "': expected key=value, for example "
                        + "--set batch.max.records=64");
            }
            overrides.put(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
        }
        return overrides;
    }

    private static void printTotals(SentimentCounters.Snapshot totals, boolean clean, boolean json) {
        System.err.printf("sentiment run: stopped%s. %d records in, %d restored from a batch buffer, %d results, "
                        + "%d dead letters, %d tombstones skipped, %d batches, mean batch %.1f ms%n",
                clean ? "" : " (Kafka Streams did not close within the timeout)", totals.recordsIn(),
                totals.restoredBuffered(), totals.results(), totals.deadLetters(), totals.tombstones(), totals.batches(),
                totals.meanBatchMs());
        if (!json) {
            return;
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "run");
        summary.put("recordsIn", totals.recordsIn());
        summary.put("restoredBuffered", totals.restoredBuffered());
        summary.put("results", totals.results());
        summary.put("deadLetters", totals.deadLetters());
        summary.put("tombstones", totals.tombstones());
        summary.put("batches", totals.batches());
        summary.put("meanBatchMs", totals.meanBatchMs());
        summary.put("closedCleanly", clean);
        try {
            System.out.println(new ObjectMapper().writeValueAsString(summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Failed to write the JSON summary", e);
        }
        System.out.flush();
    }
}
