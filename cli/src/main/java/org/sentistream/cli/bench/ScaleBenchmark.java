package org.sentistream.cli.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.sentistream.loadgen.LoadGenerator;
import org.sentistream.loadgen.LoadGeneratorConfig;
import org.sentistream.streams.SentimentAppConfig;
import org.sentistream.streams.SentimentTopology;
import org.sentistream.streams.TopicInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the throughput of the streams application with a given number of instances, each a child JVM
 * with one stream thread and one ONNX Runtime thread, optionally pinned to its own core.
 *
 * <p>One run fills fresh input topics with the events first, so the load generator does not compete for CPU
 * during the measurement, then starts the instances and reads the results with a read_committed consumer.
 * The measurement starts at the first result after the consumer group is STABLE with every instance and
 * every partition assigned, which leaves out JVM start, model load, the first rebalance and task
 * initialization, and ends at the last result.
 */
public final class ScaleBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleBenchmark.class);

    private final String bootstrapServers;
    private final String registryUrl;
    private final Settings settings;

    /**
     * Settings of the benchmark.
     *
     * @param events events pre-filled for each run, all of which must come back as results
     * @param partitions partitions of each topic, the maximum useful instance count
     * @param encoder encoder of the classifier
     * @param pinCores true to pin instance i to core i modulo the core count with taskset
     * @param workDir directory of the configuration files, state directories and instance logs
     * @param timeout maximum time of one run after the pre-fill
     */
    public record Settings(long events, int partitions, String encoder, boolean pinCores, Path workDir,
                           Duration timeout) {
    }

    /**
     * Outcome of one run.
     *
     * @param instances number of instances
     * @param results results read, duplicates included
     * @param duplicates results beyond the first of each input id
     * @param measuredResults results read within the measured span
     * @param measuredSeconds seconds from the first result after the group settled to the last result
     * @param cpuSeconds CPU time of all instance JVMs from the group settling to the last result
     */
    public record RunResult(int instances, long results, long duplicates, long measuredResults,
                            double measuredSeconds, double cpuSeconds) {

        public double resultsPerSecond() {
            return measuredSeconds > 0 ? measuredResults / measuredSeconds : 0;
        }

        /**
         * Returns the results per CPU second of the instances, which other load on the machine changes less
         * than the results per second.
         */
        public double resultsPerCpuSecond() {
            return cpuSeconds > 0 ? measuredResults / cpuSeconds : 0;
        }
    }

    public ScaleBenchmark(String bootstrapServers, String registryUrl, Settings settings) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.settings = settings;
    }

    /**
     * Runs the application with {@code instances} instances on fresh topics.
     *
     * @throws TimeoutException if not every event has a result within the timeout
     */
    public RunResult run(int instances) throws IOException, InterruptedException, TimeoutException {
        String prefix = "bench-" + instances + "-";
        String applicationId = "sentistream-bench-" + instances;
        Path runDir = settings.workDir().resolve("instances-" + instances);
        Files.createDirectories(runDir);

        Properties config = appConfig(prefix, applicationId);
        Path configFile = runDir.resolve("app.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            config.store(out, "bench-scale run with " + instances + " instance(s)");
        }
        createTopics(config);
        prefill(config);

        String resultsTopic = config.getProperty(SentimentAppConfig.TOPIC_RESULTS);
        List<InstanceProcess> processes = new ArrayList<>();
        try (ResultReader reader = new ResultReader(bootstrapServers, resultsTopic);
             GroupWatcher group = new GroupWatcher(bootstrapServers, applicationId)) {
            for (int i = 0; i < instances; i++) {
                OptionalInt core = settings.pinCores() ? OptionalInt.of(i % CpuAffinity.cores()) : OptionalInt.empty();
                processes.add(InstanceProcess.start("instance-" + (i + 1), configFile,
                        Map.of(SentimentAppConfig.STATE_DIR, runDir.resolve("state-" + (i + 1)).toString()),
                        core, runDir.resolve("instance-" + (i + 1) + ".log"), "768m"));
            }

            long deadline = System.nanoTime() + settings.timeout().toNanos();
            int groupPartitions = SentimentTopology.consumedPartitions(settings.partitions(), settings.partitions());
            while (!group.isSettled(instances, groupPartitions)) {
                checkAlive(processes);
                checkDeadline(deadline, "the group to settle with " + instances + " members", reader);
                Thread.sleep(GroupWatcher.POLL_INTERVAL.toMillis());
            }
            long settledNanos = System.nanoTime();
            long resultsBefore = reader.records();
            double cpuAtSettle = cpuSeconds(processes);
            LOG.info("Group {} settled with {} instances; {} results before the measurement", applicationId,
                    instances, resultsBefore);

            while (!reader.awaitDistinct(settings.events(), Duration.ofSeconds(1))) {
                checkAlive(processes);
                checkDeadline(deadline, "all " + settings.events() + " results", reader);
            }
            long lastNanos = reader.lastRecordNanos();
            double cpuUsed = cpuSeconds(processes) - cpuAtSettle;

            // Normally no result precedes the settled group, and the span starts at the first result, which
            // leaves out task initialization. Otherwise it starts when the group settled.
            long startNanos = resultsBefore == 0 ? reader.firstRecordNanos() : settledNanos;
            long resultsAtStart = resultsBefore == 0 ? 1 : resultsBefore;
            double seconds = (lastNanos - startNanos) / 1e9;

            // Read on briefly so that a duplicate written late would still be counted.
            Thread.sleep(1000);
            return new RunResult(instances, reader.records(), reader.duplicates(),
                    settings.events() - resultsAtStart, seconds, cpuUsed);
        } finally {
            for (InstanceProcess process : processes) {
                process.terminate(Duration.ofSeconds(30));
            }
        }
    }

    private Properties appConfig(String prefix, String applicationId) {
        Properties config = new Properties();
        config.setProperty(SentimentAppConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        config.setProperty(SentimentAppConfig.SCHEMA_REGISTRY_URL, registryUrl);
        config.setProperty(SentimentAppConfig.APPLICATION_ID, applicationId);
        config.setProperty(SentimentAppConfig.TOPIC_POSTS, prefix + "social-posts");
        config.setProperty(SentimentAppConfig.TOPIC_FEEDBACK, prefix + "customer-feedback");
        config.setProperty(SentimentAppConfig.TOPIC_RESULTS, prefix + "sentiment-results");
        config.setProperty(SentimentAppConfig.TOPIC_DEAD_LETTER, prefix + "sentiment-dead-letter");
        config.setProperty(SentimentAppConfig.TOPIC_AGGREGATES, prefix + "sentiment-aggregates");
        config.setProperty(SentimentAppConfig.TOPIC_PARTITIONS, Integer.toString(settings.partitions()));
        config.setProperty(SentimentAppConfig.ENGINE_ENCODER, settings.encoder());
        // One ONNX Runtime thread and one stream thread per instance, so each instance needs one core.
        config.setProperty(SentimentAppConfig.ENGINE_THREADS, "1");
        config.setProperty(SentimentAppConfig.NUM_STREAM_THREADS, "1");
        config.setProperty(SentimentAppConfig.LOG_SUMMARY_INTERVAL_MS, "10000");
        return config;
    }

    private void createTopics(Properties config) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicInitializer(admin, Duration.ofSeconds(30)).ensureTopics(TopicInitializer.Plan.fromValues(toMap(config)));
        }
    }

    private void prefill(Properties config) {
        long started = System.nanoTime();
        LoadGenerator.Stats stats;
        try (LoadGenerator generator = new LoadGenerator(LoadGeneratorConfig.builder()
                .bootstrapServers(bootstrapServers)
                .schemaRegistryUrl(registryUrl)
                .postsTopic(config.getProperty(SentimentAppConfig.TOPIC_POSTS))
                .feedbackTopic(config.getProperty(SentimentAppConfig.TOPIC_FEEDBACK))
                .eventsPerSecond(0)
                .events(settings.events())
                // The topics are seconds old: see TopicInitializer on out-of-order sequences after creation.
                .producerProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)
                .build())) {
            stats = generator.run();
        }
        if (stats.acked() != settings.events()) {
            throw new IllegalStateException("Pre-fill failed: " + stats.acked() + " of " + settings.events()
                    + " events acknowledged, " + stats.failed() + " failed");
        }
        LOG.info("Pre-filled {} events in {} ms", stats.acked(), (System.nanoTime() - started) / 1_000_000);
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    private static double cpuSeconds(List<InstanceProcess> processes) {
        double total = 0;
        for (InstanceProcess process : processes) {
            total += process.cpuSeconds();
        }
        return total;
    }

    private static void checkAlive(List<InstanceProcess> processes) {
        for (InstanceProcess process : processes) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited early; last lines of " + process.logFile()
                        + ":\n" + process.logTail(30));
            }
        }
    }

    private static void checkDeadline(long deadline, String waitingFor, ResultReader reader) throws TimeoutException {
        if (System.nanoTime() > deadline) {
            throw new TimeoutException("Timed out waiting for " + waitingFor + "; " + reader.distinctKeys()
                    + " results read so far");
        }
    }
}
