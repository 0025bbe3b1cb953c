package org.sentistream.engine.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sentistream.engine.quicksilver.internals.SharedRuntime;

/**
 * A JVM that loads ONNX Runtime and then halts, as a killed stream instance does, must leave no
 * extracted copy of the native libraries in its temporary directory.
 */
class NativeLibrariesTest {

    @ParameterizedTest
    @ValueSource(strings = {"quicksilver", "dense"})
    void haltedJvmLeavesNoExtractedLibraries(String engine, @TempDir Path tmp) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", classPath, Child.class.getName(), engine);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }

        assertTrue(ended, "the child JVM did not end within 120 s: " + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("loaded " + engine), output);
        try (Stream<Path> entries = Files.list(tmp)) {
            List<String> left = entries.map(p -> p.getFileName() + (Files.isDirectory(p) ? File.separator
                    + String.join(",", names(p)) : "")).filter(name -> name.startsWith("onnxruntime-java")).toList();
            assertEquals(List.of(), left, "extracted ONNX Runtime files left behind");
        }
    }

    private static List<String> names(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            return List.of("?");
        }
    }

    /** Loads ONNX Runtime the way one engine does, then halts without shutdown hooks. */
    public static final class Child {

        public static void main(String[] args) {
            if (args[0].equals("quicksilver")) {
                SharedRuntime.environment(1);
            } else {
                TransformerEncoder.load(EncoderModel.ALL_MINILM_L6_V2, 1);
            }
            System.out.println("loaded " + args[0]);
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }
}
