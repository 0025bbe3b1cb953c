package org.sentistream.cli.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU pinning of child JVMs with {@code taskset} from util-linux, on Linux only. */
public final class CpuAffinity {

    private CpuAffinity() {
    }

    /** Returns true if {@code taskset} is on the PATH. */
    public static boolean available() {
        return tasksetPath() != null;
    }

    /** Returns the number of cores this JVM may run on. */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String tasksetCommand() {
        Path path = tasksetPath();
        if (path == null) {
            throw new IllegalStateException("taskset not found on the PATH; install util-linux or run without "
                    + "CPU pinning");
        }
        return path.toString();
    }

    private static Path tasksetPath() {
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return null;
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "taskset");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
