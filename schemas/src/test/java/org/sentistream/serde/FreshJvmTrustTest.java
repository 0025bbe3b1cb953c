package org.sentistream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link FreshJvmDecode} in a new JVM without any Avro system property, to prove the serde
 * makes Avro 1.12 trust the generated classes by itself.
 */
class FreshJvmTrustTest {

    @Test
    void serdeDecodesWithoutFlags() throws Exception {
        List<String> lines = runFreshJvm();

        assertEquals("property=null", lines.get(0), "the child JVM must start without the trust property");
        assertEquals("plain=rejected", lines.get(1), "plain Avro should reject untrusted generated classes");
        assertEquals("serde=decoded", lines.get(2));
    }

    private static List<String> runFreshJvm() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath, FreshJvmDecode.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();

        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertTrue(exited, "child JVM did not exit within 60 s");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "child JVM failed, stdout: " + output);
        return output.lines().toList();
    }
}
