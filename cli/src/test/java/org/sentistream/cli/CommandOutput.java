package org.sentistream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a command in the test JVM and returns what it printed on standard output. */
final class CommandOutput {

    private CommandOutput() {
    }

    /** Runs {@code command} with {@code args}, checks that it exits with 0 and returns its standard output. */
    static String run(Command command, List<String> args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            assertEquals(0, command.run(args), "exit code of " + command.name());
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Parses the last line of {@code stdout}, where the commands print their JSON summary. */
    static JsonNode lastLineJson(String stdout) throws Exception {
        String[] lines = stdout.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
