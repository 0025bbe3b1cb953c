package org.sentistream.engine.internals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and writes head JSON files, bundled on the classpath or on disk. */
public final class HeadFiles {

    /** Head used when the configuration names none: the 3-class tweet head. */
    public static final String DEFAULT_HEAD = "tweet3";

    /** Heads bundled for every encoder. */
    public static final List<String> BUNDLED_HEADS = List.of("tweet3", "sst2");

    private static final Pattern HEAD_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT);

    private HeadFiles() {
    }

    /**
     * Head read from a file or resource.
     *
     * @param definition parsed contents
     * @param source resource path or file path it came from
     * @param sha256 hex SHA-256 of the file bytes, which identifies the head version
     */
    public record LoadedHead(HeadDefinition definition, String source, String sha256) {
    }

    /** Returns the classpath resource of a bundled head. */
    public static String bundledResource(EncoderModel encoder, String name) {
        return "/org/sentistream/engine/heads/" + encoder.id() + "/" + name + ".json";
    }

    /** Returns the bundled head {@code name} of {@code encoder}, or empty when none is bundled under that name. */
    public static Optional<LoadedHead> loadBundled(EncoderModel encoder, String name) {
        if (!HEAD_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        String resource = bundledResource(encoder, name);
        try (InputStream in = HeadFiles.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(parse(in.readAllBytes(), resource));
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read head resource " + resource, e);
        }
    }

    /**
     * Loads a head: {@code null} for the encoder's default head, the name of a bundled head, or
     * the path of a head JSON file.
     *
     * @throws IllegalArgumentException if the head is not found or was trained on another encoder
     */
    public static LoadedHead load(EncoderModel encoder, String head) {
        String name = head == null || head.isBlank() ? DEFAULT_HEAD : head.trim();

        LoadedHead loaded = loadBundled(encoder, name).orElse(null);
        if (loaded == null) {
            Path path = Path.of(name);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("Head '" + name + "' is neither a bundled head of encoder "
                        + encoder.id() + " " + BUNDLED_HEADS + " nor an existing file");
            }
            try {
                loaded = parse(Files.readAllBytes(path), path.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to read head file " + path, e);
            }
        }

        if (!encoder.id().equals(loaded.definition().encoder())) {
            throw new IllegalArgumentException("Head " + loaded.source() + " was trained on encoder "
                    + loaded.definition().encoder() + ", not " + encoder.id()
                    + ": pick the matching encoder or a head trained on " + encoder.id());
        }
        return loaded;
    }

    private static LoadedHead parse(byte[] bytes, String source) {
        try {
            HeadDefinition definition = MAPPER.readValue(bytes, HeadDefinition.class);
            if (definition.format() != HeadDefinition.FORMAT) {
                throw new IllegalArgumentException("Head " + source + " has format " + definition.format()
                        + ", this engine reads format " + HeadDefinition.FORMAT);
            }
            return new LoadedHead(definition, source, sha256(bytes));
        } catch (IOException e) {
            // Jackson's own message names its classes and options; its first line is the readable part.
            String reason = e instanceof JsonProcessingException json
                    ? json.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("Invalid head JSON in " + source + ": " + reason
                    + "; a head file is the JSON that train-head writes", e);
        }
    }

    /** Writes {@code head} as compact JSON, creating parent directories. */
    public static void write(HeadDefinition head, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(path, MAPPER.writeValueAsBytes(head));
    }

    /** Parses head JSON from bytes; used by tests and tools that hold the bytes already. */
    public static HeadDefinition read(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, HeadDefinition.class);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
