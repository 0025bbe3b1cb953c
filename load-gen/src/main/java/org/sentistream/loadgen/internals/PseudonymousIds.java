package org.sentistream.loadgen.internals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Pseudonymous author or customer ids, one per source row and run.
 *
 * <p>Each row gets a random number when it is first used, and its id is the prefix plus the first
 * 8 bytes of the SHA-256 of that number in hex, for example {@code author-3f9a0c2e1b7d4455}. The id
 * is not derived from any real account. It stays the same every time the row is sent in a run,
 * and differs between runs unless the seed is fixed.
 */
public final class PseudonymousIds {

    private static final int ID_BYTES = 8;

    private final String prefix;
    private final Random random;
    private final String[] idsByRow;

    /**
     * @param prefix id prefix, for example {@code author-}
     * @param rows   number of source rows
     * @param random source of the per-row numbers
     */
    public PseudonymousIds(String prefix, int rows, Random random) {
        this.prefix = prefix;
        this.random = random;
        this.idsByRow = new String[rows];
    }

    /** Returns the id of a row, creating it on first use. */
    public String idFor(int rowIndex) {
        String id = idsByRow[rowIndex];
        if (id == null) {
            id = prefix + HexFormat.of().formatHex(sha256(random.nextLong()), 0, ID_BYTES);
            idsByRow[rowIndex] = id;
        }
        return id;
    }

    private static byte[] sha256(long value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM, although every Java SE runtime must provide it", e);
        }
    }
}
