package org.sentistream.connect.internals;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns an identifier (an account, a customer) into a pseudonymous id: the lowercase hex HMAC-SHA256 of
 * the identifier under a secret key. The same identifier always gets the same id under one key,
 * and without the key the id cannot be linked back by hashing candidate handles. Not thread-safe:
 * use one instance per thread.
 */
public final class Pseudonymizer {

    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;

    /** Creates a pseudonymizer keyed with the UTF-8 bytes of {@code key}. */
    public Pseudonymizer(String key) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /** Returns the 64-character hex pseudonym of an identifier. */
    public String pseudonym(String identifier) {
        byte[] digest = mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }
}
