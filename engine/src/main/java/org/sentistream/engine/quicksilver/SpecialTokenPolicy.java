package org.sentistream.engine.quicksilver;

import java.util.Arrays;
import java.util.Locale;

/** Policy of QuickSilver for the [CLS] and [SEP] tokens of each text. */
public enum SpecialTokenPolicy {

    /**
     * [CLS] and [SEP] never halt, never fuse, stay keys and run in fp32. Halting [CLS] changed
     * about half of the predictions of a mean-pooling MiniLM head, so this is the default.
     */
    EXEMPT,

    /** [CLS] and [SEP] are treated like every other token. */
    LIKE_CONTENT;

    /** Returns the configuration value of this policy, such as {@code like-content}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Returns the policy named {@code id}, ignoring case and accepting {@code _} for {@code -}.
     *
     * @throws IllegalArgumentException naming the value and the valid ones if none matches
     */
    public static SpecialTokenPolicy byId(String id) {
        String normalized = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (SpecialTokenPolicy policy : values()) {
            if (policy.id().equals(normalized)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("Invalid quicksilver.special-tokens '" + id + "': expected one of "
                + Arrays.stream(values()).map(SpecialTokenPolicy::id).toList());
    }
}
