package org.sentistream.engine.internals;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Pooled embeddings of a data file, stored as float32 in a directory. The key covers the encoder
 * and its version, the file's absolute path, size and modification time, the prefix, the window
 * and the selection of rows, so a change to any of them misses the cache.
 */
public final class EmbeddingCache {

    private static final int MAGIC = 0x53454d42; // "SEMB"

    private final Path directory;

    public EmbeddingCache(Path directory) {
        this.directory = directory;
    }

    /** Returns the cache file for these inputs. */
    public Path fileFor(EncoderModel model, Path data, String prefix, int maxTokens, String selection) throws IOException {
        Path absolute = data.toAbsolutePath().normalize();
        String key = String.join("\n", model.id(), model.artifactVersion(), absolute.toString(),
                Long.toString(Files.size(absolute)), Long.toString(Files.getLastModifiedTime(absolute).toMillis()),
                prefix, Integer.toString(maxTokens), selection);
        String hash = sha256(key).substring(0, 16);
        String base = absolute.getParent().getFileName() + "-" + absolute.getFileName().toString().replace(".jsonl", "");
        return directory.resolve(model.id() + "-" + base + "-" + hash + ".f32");
    }

    /** Reads the cached embeddings, if the file exists and contains {@code rows} rows. */
    public Optional<float[][]> read(Path file, int rows) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                return Optional.empty();
            }
            int n = in.readInt();
            int d = in.readInt();
            if (n != rows) {
                return Optional.empty();
            }
            float[][] embeddings = new float[n][d];
            for (float[] row : embeddings) {
                for (int i = 0; i < d; i++) {
                    row[i] = in.readFloat();
                }
            }
            return Optional.of(embeddings);
        }
    }

    /** Writes the embeddings atomically, so an interrupted run leaves no partial file. */
    public void write(Path file, float[][] embeddings) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(embeddings.length);
            out.writeInt(embeddings.length == 0 ? 0 : embeddings[0].length);
            for (float[] row : embeddings) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String sha256(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
