package org.sentistream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code bin/sentiment} in a copied tree and checks when it decides to build. */
class LauncherTest {

    @TempDir
    Path root;

    private Path classpath;
    private Path library;

    @BeforeEach
    void copyLauncher() throws IOException {
        Path launcher = Path.of("..", "bin", "sentiment").toAbsolutePath().normalize();
        Files.createDirectories(root.resolve("bin"));
        Files.copy(launcher, root.resolve("bin/sentiment"));
        Path target = Files.createDirectories(root.resolve("cli/target"));
        Files.createFile(target.resolve("sentistream-cli-0.1.0-SNAPSHOT.jar"));
        library = Files.createFile(root.resolve("library.jar"));
        classpath = target.resolve("classpath.txt");
    }

    @Test
    void upToDateWhenEveryEntryExists() throws Exception {
        Files.writeString(classpath, library.toString());

        assertEquals("up to date", check());
    }

    @Test
    void buildsWhenAClassPathEntryIsMissing() throws Exception {
        Files.writeString(classpath, library + ":" + root.resolve("deleted/sentistream-engine-0.1.0-SNAPSHOT.jar"));

        assertEquals("build needed", check());
    }

    @Test
    void buildsWhenASourceIsNewer() throws Exception {
        Files.writeString(classpath, library.toString());
        Path source = Files.createDirectories(root.resolve("engine/src/main/java")).resolve("A.java");
        Files.writeString(source, "class A {}");
        Files.setLastModifiedTime(classpath, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(source).toMillis() - 10_000));

        assertEquals("build needed", check());
    }

    private String check() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("bin/sentiment").toString());
        builder.environment().put("SENTISTREAM_CHECK_BUILD", "1");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
