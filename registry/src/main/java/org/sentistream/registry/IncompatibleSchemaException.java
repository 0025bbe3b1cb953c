package org.sentistream.registry;

import java.util.List;

/** A schema that breaks its subject's compatibility level, with the reasons Avro reported. */
public class IncompatibleSchemaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String subject;
    private final CompatibilityLevel level;
    private final List<String> violations;

    public IncompatibleSchemaException(String subject, CompatibilityLevel level, List<String> violations) {
        super("Schema being registered is incompatible with an earlier schema for subject '" + subject
                + "' at compatibility level " + level + ": " + String.join("; ", violations));
        this.subject = subject;
        this.level = level;
        this.violations = List.copyOf(violations);
    }

    public String subject() {
        return subject;
    }

    public CompatibilityLevel level() {
        return level;
    }

    /** Returns one line per incompatibility, naming the direction, the type and the location. */
    public List<String> violations() {
        return violations;
    }
}
