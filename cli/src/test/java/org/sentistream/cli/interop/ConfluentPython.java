package org.sentistream.cli.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the scripts in {@code interop/python} with Debian's python3 and its python3-confluent-kafka,
 * an independent implementation of the Confluent wire format and registry client.
 */
final class ConfluentPython {

    /** Debian packages the scripts need, named in skip and failure messages. */
    static final String PACKAGES = "python3 python3-confluent-kafka python3-avro python3-requests";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Debian's interpreter first, because a pyenv or venv python on the PATH lacks the Debian packages. */
    private static final List<String> INTERPRETERS = List.of("/usr/bin/python3", "python3");

    private final String python;
    private final Path scriptDir;
    private final Path logDir;

    private ConfluentPython(String python, Path scriptDir, Path logDir) {
        this.python = python;
        this.scriptDir = scriptDir;
        this.logDir = logDir;
    }

    /**
     * Finds an interpreter that imports confluent_kafka.avro and the scripts directory.
     *
     * @return the runner, or empty with {@code problem[0]} set to what is missing
     */
    static Optional<ConfluentPython> find(Path scriptDir, Path logDir, String[] problem) throws InterruptedException {
        if (!Files.isRegularFile(scriptDir.resolve("produce_posts.py"))) {
            problem[0] = "interop scripts not found in " + scriptDir.toAbsolutePath();
            return Optional.empty();
        }

        for (String candidate : INTERPRETERS) {
            try {
                Process process = new ProcessBuilder(candidate, "-c",
                        "import confluent_kafka, confluent_kafka.avro, avro, requests; print(confluent_kafka.version()[0], confluent_kafka.libversion()[0])")
                        .redirectErrorStream(true)
                        .start();
                boolean exited = process.waitFor(30, TimeUnit.SECONDS);
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (exited && process.exitValue() == 0) {
                    Files.createDirectories(logDir);
                    Files.writeString(logDir.resolve("versions.txt"), candidate + ": confluent-kafka librdkafka = " + output + "\n");
                    return Optional.of(new ConfluentPython(candidate, scriptDir, logDir));
                }
                process.destroyForcibly();
                problem[0] = candidate + " cannot import confluent_kafka.avro: " + output;
            } catch (IOException e) {
                problem[0] = candidate + " not found: " + e.getMessage();
            }
        }
        return Optional.empty();
    }

    /**
     * Runs one script and returns the JSON object on the last line of its standard output.
     *
     * @throws IllegalStateException when the script times out or prints no JSON summary
     */
    JsonNode run(String script, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(python);
        command.add(scriptDir.resolve(script).toString());
        command.addAll(List.of(args));

        String name = script.replace(".py", "");
        Path stdout = logDir.resolve(name + ".out");
        Path stderr = logDir.resolve(name + ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(script + " timed out after " + timeout.toSeconds() + " s; see " + stderr);
        }

        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(lines.size() - 1).startsWith("{")) {
            throw new IllegalStateException(script + " exited with " + process.exitValue()
                    + " without a JSON summary; stderr: " + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return JSON.readTree(lines.get(lines.size() - 1));
    }
}
