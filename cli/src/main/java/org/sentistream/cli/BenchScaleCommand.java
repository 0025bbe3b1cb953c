package org.sentistream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.sentistream.cli.bench.CpuAffinity;
import org.sentistream.cli.bench.ScaleBenchmark;
import org.sentistream.cli.bench.ScalePlot;
import org.sentistream.kafka.embedded.EmbeddedKafkaCluster;
import org.sentistream.registry.SchemaRegistryServer;

/**
 * {@code sentiment bench-scale}: measures how the throughput grows with the number of application instances.
 * Each instance count runs as separate JVMs of {@code sentiment run} against one embedded broker, on input
 * topics pre-filled with the events, with one stream thread and one ONNX Runtime thread per instance and,
 * where {@code taskset} exists, each instance pinned to its own core.
 */
public final class BenchScaleCommand implements Command {

    private static final Set<String> OPTIONS = Set.of("instances", "events", "encoder", "partitions", "plot",
            "timeout-s", "work-dir");
    private static final Set<String> FLAGS = Set.of("json", "no-pin");

    /** Broker delay of the first rebalance of a new group, so that instances that start together join it together. */
    private static final String INITIAL_REBALANCE_DELAY_MS = "3000";

    @Override
    public String name() {
        return "bench-scale";
    }

    @Override
    public String summary() {
        return "Measure results per second with 1, 2, ... application instances on an embedded broker";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "[--instances 1,2] [--events N] [--encoder E] [--partitions N] [--plot FILE] [--no-pin] [--json]",
                "  --instances LIST   comma-separated instance counts to measure (default 1,2)",
                "  --events N         events pre-filled and classified for each count (default 1500)",
                "  --encoder E        e5-small-v2 (default) or all-minilm-l6-v2",
                "  --partitions N     partitions of each topic (default 12)",
                "  --plot FILE        PNG of results per second by instance count (default bench-scale.png)",
                "  --no-pin           do not pin instance i to core i with taskset",
                "  --timeout-s S      maximum seconds of one instance count after the pre-fill (default 900)",
                "  --work-dir DIR     configuration, state and logs of the instances (default: a temporary directory)",
                "  --json             print a JSON summary as the last line of standard output");
    }

    @Override
    public int run(List<String> arguments) throws Exception {
        Args args = Args.parse(arguments, OPTIONS, FLAGS);
        List<Integer> counts = instanceCounts(args.get("instances", "1,2"));
        long events = args.getLong("events", 1500);
        if (events < 1) {
            throw new Args.UsageException("--events must be at least 1, was " + events);
        }
        int partitions = args.getInt("partitions", 12);
        if (partitions < counts.get(counts.size() - 1)) {
            throw new Args.UsageException("--partitions " + partitions + " is below the largest instance count "
                    + counts.get(counts.size() - 1) + "; instances beyond the partition count stay idle");
        }
        String encoder = args.get("encoder", "e5-small-v2");
        Path plot = Path.of(args.get("plot", "bench-scale.png"));
        boolean pin = !args.flag("no-pin") && CpuAffinity.available();
        if (!args.flag("no-pin") && !pin) {
            System.err.println("bench-scale: taskset (util-linux) not found; instances run without CPU pinning");
        }
        Path workDir = args.has("work-dir") ? Files.createDirectories(Path.of(args.require("work-dir")))
                : Files.createTempDirectory("sentistream-bench-scale-");
        ScaleBenchmark.Settings settings = new ScaleBenchmark.Settings(events, partitions, encoder, pin, workDir,
                Duration.ofSeconds(args.getInt("timeout-s", 900)));

        // Other processes on the machine take CPU from the instances; the load average records how busy it was.
        Double loadAverageBefore = loadAverage();
        List<ScaleBenchmark.RunResult> runs = new ArrayList<>();
        List<Double> loadAverageAfter = new ArrayList<>();
        System.err.println("bench-scale: starting an embedded Kafka broker and the schema registry...");
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder()
                     .brokerProperty("group.initial.rebalance.delay.ms", INITIAL_REBALANCE_DELAY_MS)
                     .build().start();
             SchemaRegistryServer registry = SchemaRegistryServer.start("127.0.0.1", 0)) {
            ScaleBenchmark benchmark = new ScaleBenchmark(cluster.bootstrapServers(), registry.url(), settings);
            for (int instances : counts) {
                System.err.printf(Locale.ROOT, "bench-scale: %d instance(s), %d events, %s, %s; logs in %s%n",
                        instances, events, encoder, pin ? "one core each" : "not pinned", workDir);
                ScaleBenchmark.RunResult run = benchmark.run(instances);
                runs.add(run);
                loadAverageAfter.add(loadAverage());
                System.err.printf(Locale.ROOT, "bench-scale: %d instance(s): %.1f results/s (%d results in %.1f s "
                                + "after the group settled), %.1f results per CPU second, %d duplicates%n", instances,
                        run.resultsPerSecond(), run.measuredResults(), run.measuredSeconds(), run.resultsPerCpuSecond(),
                        run.duplicates());
            }
        }

        String title = String.format(Locale.ROOT, "Sentistream %s, %d events, %s", encoder, events,
                pin ? "one core per instance" : "no CPU pinning");
        ScalePlot.write(runs, title, plot);
        Double scaling2x = scaling(runs, 2);
        printTable(runs, scaling2x, plot);
        if (args.flag("json")) {
            Map<String, Object> summary = summary(runs, settings, scaling2x, plot, loadAverageBefore, loadAverageAfter);
            System.out.println(new ObjectMapper().writeValueAsString(summary));
            System.out.flush();
        }
        long duplicates = runs.stream().mapToLong(ScaleBenchmark.RunResult::duplicates).sum();
        return duplicates == 0 ? 0 : 1;
    }

    static List<Integer> instanceCounts(String list) {
        TreeSet<Integer> counts = new TreeSet<>();
        for (String part : list.split(",")) {
            try {
                int count = Integer.parseInt(part.trim());
                if (count < 1) {
                    throw new Args.UsageException("Invalid --instances '" + list + "': counts must be at least 1");
                }
                counts.add(count);
            } catch (NumberFormatException e) {
                throw new Args.UsageException("Invalid --instances '" + list + "': expected integers such as 1,2");
            }
        }
        return List.copyOf(counts);
    }

    /** Returns the throughput of {@code instances} instances over that of one, or null if either is missing. */
    private static Double scaling(List<ScaleBenchmark.RunResult> runs, int instances) {
        Double one = null;
        Double many = null;
        for (ScaleBenchmark.RunResult run : runs) {
            if (run.instances() == 1) {
                one = run.resultsPerSecond();
            } else if (run.instances() == instances) {
                many = run.resultsPerSecond();
            }
        }
        return one == null || many == null || one == 0 ? null : many / one;
    }

    /**
     * Returns the estimated scaling to {@code instances} instances if each had a whole core: the instance count
     * times its results per CPU second, over the results per CPU second of one instance. It assumes that the
     * instances are CPU-bound, and it is an estimate for a machine where other processes take CPU from them.
     */
    private static Double cpuNormalizedScaling(List<ScaleBenchmark.RunResult> runs, int instances) {
        Double one = null;
        Double many = null;
        for (ScaleBenchmark.RunResult run : runs) {
            if (run.instances() == 1) {
                one = run.resultsPerCpuSecond();
            } else if (run.instances() == instances) {
                many = run.resultsPerCpuSecond();
            }
        }
        return one == null || many == null || one == 0 ? null : instances * many / one;
    }

    private static void printTable(List<ScaleBenchmark.RunResult> runs, Double scaling2x, Path plot) {
        System.out.println("instances  results/s  ratio to 1  results per CPU second");
        double one = runs.get(0).instances() == 1 ? runs.get(0).resultsPerSecond() : Double.NaN;
        for (ScaleBenchmark.RunResult run : runs) {
            System.out.printf(Locale.ROOT, "%9d  %9.1f  %10.2f  %22.1f%n", run.instances(), run.resultsPerSecond(),
                    run.resultsPerSecond() / one, run.resultsPerCpuSecond());
        }
        if (scaling2x != null) {
            System.out.printf(Locale.ROOT, "scaling_2x = %.2f%n", scaling2x);
        }
        System.out.println("plot: " + plot.toAbsolutePath());
    }

    private static Map<String, Object> summary(List<ScaleBenchmark.RunResult> runs, ScaleBenchmark.Settings settings,
                                               Double scaling2x, Path plot, Double loadAverageBefore,
                                               List<Double> loadAverageAfter) {
        Map<String, Object> perCount = new LinkedHashMap<>();
        List<Map<String, Object>> details = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ScaleBenchmark.RunResult run = runs.get(i);
            perCount.put(Integer.toString(run.instances()), round(run.resultsPerSecond()));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("instances", run.instances());
            detail.put("results_per_s", round(run.resultsPerSecond()));
            detail.put("results", run.results());
            detail.put("duplicates", run.duplicates());
            detail.put("measured_results", run.measuredResults());
            detail.put("measured_s", round(run.measuredSeconds()));
            detail.put("instance_cpu_s", round(run.cpuSeconds()));
            detail.put("results_per_cpu_s", round(run.resultsPerCpuSecond()));
            detail.put("load_average_1m_after", loadAverageAfter.get(i));
            details.add(detail);
        }

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", "bench-scale");
        json.put("encoder", settings.encoder());
        json.put("events", settings.events());
        json.put("partitions", settings.partitions());
        json.put("pinned", settings.pinCores());
        json.put("cores", CpuAffinity.cores());
        json.put("engine_threads", 1);
        json.put("load_average_1m_before", loadAverageBefore);
        json.put("results_per_s", perCount);
        json.put("scaling_2x", scaling2x == null ? null : round(scaling2x));
        Double normalized = cpuNormalizedScaling(runs, 2);
        json.put("scaling_2x_cpu_normalized", normalized == null ? null : round(normalized));
        json.put("runs", details);
        json.put("plot", plot.toAbsolutePath().toString());
        return json;
    }

    /** Returns the 1-minute load average from /proc/loadavg, or null where there is none. */
    private static Double loadAverage() {
        try {
            String line = Files.readString(Path.of("/proc/loadavg")).trim();
            return Double.parseDouble(line.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
