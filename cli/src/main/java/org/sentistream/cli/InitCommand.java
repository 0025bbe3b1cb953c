package org.sentistream.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;
import org.sentistream.streams.SentimentAppConfig;
import org.sentistream.streams.TopicInitializer;

/**
 * {@code sentiment init}: creates the application's topics that do not exist yet, with a partition count and
 * a replication factor that suits the cluster. Existing topics are left unchanged; a topic with another
 * partition count gets a warning with the command that changes it.
 */
public final class InitCommand implements Command {

    private static final Set<String> OPTIONS = Set.of("bootstrap-servers", "partitions", "replication-factor",
            "config", "set", "timeout-s");
    private static final Set<String> FLAGS = Set.of("json");

    @Override
    public String name() {
        return "init";
    }

    @Override
    public String summary() {
        return "Create the application's missing topics with the configured partitions and replication";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "--bootstrap-servers HOST:PORT [--partitions N] [--replication-factor R] [--config FILE] [--json]",
                "  --bootstrap-servers H:P   Kafka brokers; may come from bootstrap.servers in --config instead",
                "  --partitions N            partitions of each new topic (default: topic.partitions, 12)",
                "  --replication-factor R    replicas of each new topic; -1 = min(3, brokers)",
                "                            (default: topic.replication.factor, -1)",
                "  --config FILE             application properties file: topic names, topic.* keys and the",
                "                            admin client settings such as security.protocol",
                "  --set key=value           override one key of the file (repeatable); SENTISTREAM_* variables",
                "                            apply as for run, and unknown keys are rejected",
                "  --timeout-s S             maximum seconds of each admin request (default 30)",
                "  --json                    print the created and existing topics as one JSON object");
    }

    @Override
    public int run(List<String> arguments) throws Exception {
        Args args = Args.parse(arguments, OPTIONS, FLAGS);
        // The same sources as run (file, SENTISTREAM_* variables, --set), so both agree on the topic names.
        Map<String, String> values;
        try {
            values = new HashMap<>(SentimentAppConfig.sourceValues(args.has("config") ? args.inputFile("config") : null,
                    System.getenv(), RunCommand.overrides(args.getAll("set"))));
            SentimentAppConfig.rejectUnknownKeys(values);
        } catch (ConfigException e) {
            throw Args.UsageException.invalidConfiguration(e);
        }
        if (args.has("bootstrap-servers")) {
            values.put(SentimentAppConfig.BOOTSTRAP_SERVERS, args.require("bootstrap-servers"));
        }
        String bootstrapServers = values.get(SentimentAppConfig.BOOTSTRAP_SERVERS);
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new Args.UsageException("Missing --bootstrap-servers (or bootstrap.servers in --config)");
        }

        TopicInitializer.Plan plan;
        try {
            plan = TopicInitializer.Plan.fromValues(values);
        } catch (ConfigException e) {
            System.err.println("sentiment init: invalid configuration: " + e.getMessage());
            return 2;
        }
        if (args.has("partitions")) {
            plan = plan.withPartitions(positive("partitions", args.getInt("partitions", 0)));
        }
        if (args.has("replication-factor")) {
            int factor = args.getInt("replication-factor", -1);
            if (factor == 0 || factor < -1) {
                throw new Args.UsageException("--replication-factor must be -1 (automatic) or at least 1, was " + factor);
            }
            plan = plan.withReplicationFactor(factor);
        }

        Duration timeout = Duration.ofSeconds(args.getInt("timeout-s", 30, 1));
        TopicInitializer.Report report;
        try (Admin admin = Admin.create(adminProperties(values, bootstrapServers, timeout))) {
            report = new TopicInitializer(admin, timeout).ensureTopics(plan);
        }

        System.err.printf("sentiment init: created %s with %d partitions and replication factor %d; existing %s%n",
                report.created(), plan.partitions(), report.replicationFactor(), report.existing());
        if (!report.mismatched().isEmpty()) {
            System.err.println("sentiment init: left unchanged with another partition count: " + report.mismatched()
                    + " (see the warning above)");
        }
        if (args.flag("json")) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("command", "init");
            json.put("created", report.created());
            json.put("existing", report.existing());
            json.put("mismatched", report.mismatched());
            json.put("partitions", plan.partitions());
            json.put("replication_factor", report.replicationFactor());
            System.out.println(new ObjectMapper().writeValueAsString(json));
            System.out.flush();
        }
        return 0;
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw new Args.UsageException("--" + option + " must be at least 1, was " + value);
        }
        return value;
    }

    private static Map<String, Object> adminProperties(Map<String, String> values, String bootstrapServers,
                                                       Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        values.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // The admin client rejects an API timeout below its request timeout (30 s by default).
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeout.toMillis()));
        return props;
    }

}
