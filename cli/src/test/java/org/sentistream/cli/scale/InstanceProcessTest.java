package org.sentistream.cli.scale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.cli.bench.InstanceProcess;

/** Starts an application instance as a child JVM and checks its log. */
class InstanceProcessTest {

    @TempDir
    Path directory;

    @Test
    void logStartsFreshEachRun() throws Exception {
        Path log = Files.writeString(directory.resolve("instance-1.log"), "line of an earlier run\n");
        Path missingConfig = directory.resolve("missing.properties");

        try (InstanceProcess instance = InstanceProcess.start("instance-1", missingConfig, Map.of(),
                OptionalInt.empty(), log, "256m")) {
            boolean reported = instance.awaitLog("missing.properties", Duration.ofSeconds(60));

            assertTrue(reported, instance.logTail(20));
            assertFalse(instance.log().contains("line of an earlier run"), instance.logTail(20));
        }
    }
}
