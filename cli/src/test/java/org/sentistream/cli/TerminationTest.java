package org.sentistream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shutdown hook that never returns must not keep a signalled JVM alive. */
class TerminationTest {

    @Test
    void stuckShutdownHookHaltsAfterGrace(@TempDir Path dir) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsentistream.shutdown.grace.ms=1000", "-cp", classPath, StuckHook.class.getName());
        Path log = dir.resolve("child.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(log).contains("ready") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            process.destroy();
            boolean ended = process.waitFor(30, TimeUnit.SECONDS);

            assertTrue(ended, "the JVM still runs 30 s after SIGTERM");
            assertEquals(143, process.exitValue());
            String output = Files.readString(log);
            assertTrue(output.contains("did not finish within 1000 ms; halting"), output);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Installs the signal handlers and a shutdown hook that waits forever, like a server that never stops. */
    public static final class StuckHook {

        public static void main(String[] args) throws InterruptedException {
            Termination.install();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
