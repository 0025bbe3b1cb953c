package org.sentistream.schemas.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build gate over {@code schemas/released}: it runs in {@code mvn verify}, so an incompatible
 * schema change fails the build. To release, copy {@code src/main/avro/*.avsc} to
 * {@code released/<version>/}.
 */
class ReleasedSchemasTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Path CURRENT = MODULE.resolve("src/main/avro");
    private static final Path RELEASED = MODULE.resolve("released");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void currentSchemasReadEveryRelease() throws IOException {
        List<String> violations = CompatibilityGate.check(CURRENT, RELEASED);

        assertEquals(List.of(), violations, String.join("\n", violations));
    }

    @Test
    void releaseFolderExists() {
        assertTrue(Files.isDirectory(RELEASED.resolve("0.1.0")), "missing " + RELEASED.resolve("0.1.0"));
    }

    @Test
    void gateRejectsRequiredField(@TempDir Path dir) throws IOException {
        Path current = copyCurrent(dir);
        addField(current.resolve("SocialPost.avsc"), "{\"name\":\"region\",\"type\":\"string\"}");

        List<String> violations = CompatibilityGate.check(current, RELEASED);

        assertEquals(1, violations.size(), violations.toString());
        String message = violations.get(0);
        assertTrue(message.contains("org.sentistream.schemas.SocialPost"), message);
        assertTrue(message.contains("release 0.1.0"), message);
        assertTrue(message.contains("READER_FIELD_MISSING_DEFAULT_VALUE"), message);
        assertTrue(message.contains("region"), message);
    }

    @Test
    void gateAcceptsOptionalField(@TempDir Path dir) throws IOException {
        Path current = copyCurrent(dir);
        addField(current.resolve("SocialPost.avsc"), "{\"name\":\"region\",\"type\":[\"null\",\"string\"],\"default\":null}");

        assertEquals(List.of(), CompatibilityGate.check(current, RELEASED));
    }

    @Test
    void gateRejectsRemovedEnumSymbol(@TempDir Path dir) throws IOException {
        Path current = copyCurrent(dir);
        Path platform = current.resolve("Platform.avsc");
        ObjectNode schema = (ObjectNode) JSON.readTree(platform.toFile());
        ArrayNode symbols = (ArrayNode) schema.get("symbols");
        symbols.remove(symbols.size() - 1);
        schema.remove("default");
        Files.writeString(platform, JSON.writeValueAsString(schema), StandardCharsets.UTF_8);

        List<String> violations = CompatibilityGate.check(current, RELEASED);

        assertFalse(violations.isEmpty());
        assertTrue(violations.stream().anyMatch(v -> v.contains("MISSING_ENUM_SYMBOLS")), violations.toString());
    }

    @Test
    void gateRejectsDeletedSchema(@TempDir Path dir) throws IOException {
        Path current = copyCurrent(dir);
        Files.delete(current.resolve("FeedbackEvent.avsc"));

        List<String> violations = CompatibilityGate.check(current, RELEASED);

        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("FeedbackEvent"), violations.get(0));
    }

    private static Path copyCurrent(Path dir) throws IOException {
        Path current = Files.createDirectories(dir.resolve("avro"));
        try (Stream<Path> files = Files.list(CURRENT)) {
            for (Path file : files.toList()) {
                Files.copy(file, current.resolve(file.getFileName()));
            }
        }
        return current;
    }

    private static void addField(Path file, String fieldJson) throws IOException {
        ObjectNode schema = (ObjectNode) JSON.readTree(file.toFile());
        ((ArrayNode) schema.get("fields")).add(JSON.readTree(fieldJson));
        Files.writeString(file, JSON.writeValueAsString(schema), StandardCharsets.UTF_8);
    }
}
