package org.sentistream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.sentistream.streams.internals.ConfigSources;

/**
 * {@code connect}: runs a standalone Kafka Connect worker in this JVM, with the Sentistream
 * connectors, the Avro converter and the Debezium JDBC sink on the class path. The first file
 * contains the worker settings and each further file one connector, as for Kafka's
 * {@code connect-standalone.sh}. It runs until interrupted.
 */
public final class ConnectCommand implements Command {

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String summary() {
        return "Run a standalone Kafka Connect worker with the Sentistream connectors and the JDBC sink";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "WORKER.properties CONNECTOR.properties...",
                "  WORKER.properties     worker settings: bootstrap.servers, converters, offset file, listeners",
                "  CONNECTOR.properties  one connector each, for example connectors/config/mastodon-source.properties,",
                "                        feedback-source.properties or results-jdbc-sink.properties",
                "  Runs until interrupted (Ctrl-C). The worker's REST API lists connector status at",
                "  GET /connectors/NAME/status on the address in the worker's listeners setting.");
    }

    @Override
    public int run(List<String> arguments) {
        Args args = Args.parse(arguments, Set.of(), Set.of());
        List<String> files = args.positional();
        if (files.size() < 2) {
            throw new Args.UsageException("Expected a worker properties file and at least one connector properties file");
        }
        for (String file : files) {
            if (!Files.isRegularFile(Path.of(file))) {
                throw new Args.UsageException("File not found: " + file);
            }
            // Connect reads the connector files only after it reached the brokers, and reports a malformed
            // file with a stack trace that does not name it, so every file is parsed here first.
            try {
                ConfigSources.readPropertiesFile(Path.of(file));
            } catch (ConfigException e) {
                throw Args.UsageException.invalidConfiguration(e);
            }
        }

        System.err.printf("Starting a standalone Connect worker from %s with connectors %s%n", files.get(0),
                String.join(", ", files.subList(1, files.size())));
        // run() blocks until the worker stops; on a startup error it logs the cause and exits the JVM.
        new ConnectStandalone(files.toArray(String[]::new)).run();
        return 0;
    }
}
