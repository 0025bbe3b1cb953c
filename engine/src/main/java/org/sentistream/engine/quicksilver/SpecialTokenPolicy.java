package org.sentistream.engine.quicksilver;

/** Policy of QuickSilver for the [CLS] and [SEP] tokens of each text. */
public enum SpecialTokenPolicy {

    /**
     * [CLS] and [SEP] never halt, never fuse, stay keys and run in fp32. Halting [CLS] changed
     * about half of the predictions of a mean-pooling MiniLM head, so this is the default.
     */
    EXEMPT,

    /** [CLS] and [SEP] are treated like every other token. */
    LIKE_CONTENT
}
