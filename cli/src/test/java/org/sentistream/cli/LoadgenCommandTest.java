package org.sentistream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument handling of {@code loadgen}; sending is covered by the load-gen module and the integration test. */
class LoadgenCommandTest {

    private static final List<String> REQUIRED = List.of("--bootstrap-servers", "127.0.0.1:9", "--schema-registry-url",
            "http://127.0.0.1:9");

    @TempDir
    Path dir;

    private static List<String> with(String... extra) {
        List<String> args = new java.util.ArrayList<>(REQUIRED);
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void nameIsLoadgen() {
        assertEquals("loadgen", new LoadgenCommand().name());
    }

    @Test
    void missingBootstrapServersRejected() {
        Args.UsageException e = assertThrows(Args.UsageException.class,
                () -> new LoadgenCommand().run(List.of("--schema-registry-url", "http://127.0.0.1:9")));

        assertTrue(e.getMessage().contains("--bootstrap-servers"), e.getMessage());
    }

    @Test
    void missingRegistryUrlRejected() {
        Args.UsageException e = assertThrows(Args.UsageException.class,
                () -> new LoadgenCommand().run(List.of("--bootstrap-servers", "127.0.0.1:9")));

        assertTrue(e.getMessage().contains("--schema-registry-url"), e.getMessage());
    }

    @Test
    void invalidSharesRejected() {
        Args.UsageException share = assertThrows(Args.UsageException.class,
                () -> new LoadgenCommand().run(with("--posts-share", "1.5")));
        Args.UsageException corrupt = assertThrows(Args.UsageException.class,
                () -> new LoadgenCommand().run(with("--corrupt-fraction", "x")));
        Args.UsageException rate = assertThrows(Args.UsageException.class,
                () -> new LoadgenCommand().run(with("--rate", "-1")));

        assertTrue(share.getMessage().contains("posts share 1.5"), share.getMessage());
        assertTrue(corrupt.getMessage().contains("--corrupt-fraction"), corrupt.getMessage());
        assertTrue(rate.getMessage().contains("-1.0"), rate.getMessage());
    }

    @Test
    void configFileTopicsRead() throws Exception {
        Path config = dir.resolve("app.properties");
        Files.writeString(config, "bootstrap.servers=127.0.0.1:9\nschema.registry.url=http://127.0.0.1:9\n"
                + "topic.posts=bad/name\n");

        Args.UsageException e = assertThrows(Args.UsageException.class,
                () -> new LoadgenCommand().run(List.of("--config", config.toString())));

        assertTrue(e.getMessage().contains("topic.posts"), e.getMessage());
    }

    @Test
    void useCreatedAtSetsSourceTimestamps() {
        List<String> addresses = List.of("--bootstrap-servers", "127.0.0.1:9", "--schema-registry-url", "http://127.0.0.1:9");
        List<String> withFlag = new ArrayList<>(addresses);
        withFlag.add("--use-created-at");

        assertFalse(LoadgenCommand.config(addresses).useSourceTimestamps());
        assertTrue(LoadgenCommand.config(withFlag).useSourceTimestamps());
    }

    @Test
    void configFileSecurityPassed() throws Exception {
        Path config = dir.resolve("secured.properties");
        Files.writeString(config, "bootstrap.servers=127.0.0.1:9\nschema.registry.url=http://127.0.0.1:9\n"
                + "basic.auth.credentials.source=USER_INFO\nbasic.auth.user.info=user:secret\n"
                + "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n");

        Map<String, Object> properties = LoadgenCommand.config(List.of("--config", config.toString())).producerProperties();

        assertEquals("USER_INFO", properties.get("basic.auth.credentials.source"));
        assertEquals("user:secret", properties.get("basic.auth.user.info"));
        assertEquals("SASL_PLAINTEXT", properties.get("security.protocol"));
        assertEquals("PLAIN", properties.get("sasl.mechanism"));
    }

    @Test
    void missingPostsFileNamed() {
        Path missing = dir.resolve("none.jsonl");

        Args.UsageException e = assertThrows(Args.UsageException.class,
                () -> new LoadgenCommand().run(with("--posts", missing.toString())));

        assertTrue(e.getMessage().contains("--posts " + missing + ": file not found"), e.getMessage());
    }

    @Test
    void unknownOptionRejected() {
        assertThrows(Args.UsageException.class, () -> new LoadgenCommand().run(with("--speed", "5")));
    }
}
