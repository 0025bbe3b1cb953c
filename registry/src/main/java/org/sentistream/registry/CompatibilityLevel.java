package org.sentistream.registry;

/**
 * Compatibility rule a new schema version must satisfy against earlier versions of its subject,
 * with Confluent's names and meanings. BACKWARD means consumers using the new schema can read data
 * written with the old one, FORWARD the reverse, FULL both. Plain levels check the latest version
 * only, the TRANSITIVE levels check every version.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Returns whether the new schema must read data written with earlier versions. */
    public boolean backward() {
        return backward;
    }

    /** Returns whether earlier versions must read data written with the new schema. */
    public boolean forward() {
        return forward;
    }

    /** Returns whether every earlier version is checked, not only the latest. */
    public boolean transitive() {
        return transitive;
    }
}
