package org.sentistream.registry.internals;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sentistream.registry.CompatibilityLevel;
import org.sentistream.registry.IncompatibleSchemaException;

/**
 * One mutation of the registry as a record value in the schema topic, encoded as JSON such as
 * {@code {"format":1,"op":"REGISTER","subject":"posts-value","schema":"{...}"}}. Replaying the
 * commands of the topic in offset order into an {@link InMemorySchemaStore} rebuilds the same state
 * on every instance, because the store's results depend only on the order of the calls.
 *
 * @param subject the subject, or null for the global compatibility level
 * @param schema  canonical schema text of a registration, else null
 * @param level   level of a compatibility change, else null
 * @param version version number of a version deletion, else null
 */
public record StoreCommand(Op op, String subject, String schema, CompatibilityLevel level, Integer version) {

    /**
     * Kind of mutation. {@code DELETE_SUBJECT} removes every version at once. Registries before soft
     * deletion wrote it, so it stays readable, but new deletions use the soft and permanent ops.
     */
    public enum Op {
        REGISTER, DELETE_SUBJECT, SET_COMPATIBILITY, SOFT_DELETE_SUBJECT, PERMANENT_DELETE_SUBJECT,
        SOFT_DELETE_VERSION, PERMANENT_DELETE_VERSION
    }

    /** Version of the JSON layout, written into every record so that a later layout is recognized. */
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    public static StoreCommand register(String subject, String schema) {
        return new StoreCommand(Op.REGISTER, subject, schema, null, null);
    }

    public static StoreCommand deleteSubject(String subject, boolean permanent) {
        return new StoreCommand(permanent ? Op.PERMANENT_DELETE_SUBJECT : Op.SOFT_DELETE_SUBJECT, subject, null, null,
                null);
    }

    public static StoreCommand deleteVersion(String subject, int version, boolean permanent) {
        return new StoreCommand(permanent ? Op.PERMANENT_DELETE_VERSION : Op.SOFT_DELETE_VERSION, subject, null, null,
                version);
    }

    /** Returns a change of one subject's level, or of the global level when {@code subject} is null. */
    public static StoreCommand setCompatibility(String subject, CompatibilityLevel level) {
        return new StoreCommand(Op.SET_COMPATIBILITY, subject, null, level, null);
    }

    /** Encodes this command as the JSON record value. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode().put("format", FORMAT).put("op", op.name());
        if (subject != null) {
            node.put("subject", subject);
        }
        if (schema != null) {
            node.put("schema", schema);
        }
        if (level != null) {
            node.put("level", level.name());
        }
        if (version != null) {
            node.put("version", version);
        }
        return node.toString();
    }

    /**
     * Decodes a record value.
     *
     * @throws IllegalArgumentException when the value is not a command of a known format
     */
    public static StoreCommand fromJson(String value) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("Schema topic record is not JSON: " + e.getMessage(), e);
        }
        if (node == null || node.path("format").asInt(-1) != FORMAT) {
            throw new IllegalArgumentException("Schema topic record has format " + (node == null ? null : node.get("format"))
                    + ", expected " + FORMAT + "; it was written by another version of the registry");
        }

        Op op = Op.valueOf(node.path("op").asText());
        String subject = node.hasNonNull("subject") ? node.get("subject").asText() : null;
        String schema = node.hasNonNull("schema") ? node.get("schema").asText() : null;
        CompatibilityLevel level = node.hasNonNull("level") ? CompatibilityLevel.valueOf(node.get("level").asText()) : null;
        Integer version = node.hasNonNull("version") ? node.get("version").asInt() : null;
        StoreCommand command = new StoreCommand(op, subject, schema, level, version);
        command.validate();
        return command;
    }

    /**
     * Applies this command to the state and returns its outcome: the {@link org.sentistream.registry.SchemaVersion}
     * of a registration, the deleted version numbers of a subject deletion, whether a version deletion
     * changed anything, or the {@link IncompatibleSchemaException} that rejected a registration. Returns
     * null for a compatibility change.
     */
    public Object applyTo(InMemorySchemaStore state) {
        switch (op) {
            case REGISTER:
                try {
                    return state.register(subject, schema);
                } catch (IncompatibleSchemaException e) {
                    return e;
                }
            case DELETE_SUBJECT:
                return state.removeSubject(subject);
            case SOFT_DELETE_SUBJECT:
            case PERMANENT_DELETE_SUBJECT:
                return state.deleteSubject(subject, op == Op.PERMANENT_DELETE_SUBJECT);
            case SOFT_DELETE_VERSION:
            case PERMANENT_DELETE_VERSION:
                return state.deleteVersion(subject, version, op == Op.PERMANENT_DELETE_VERSION);
            case SET_COMPATIBILITY:
                if (subject == null) {
                    state.setGlobalCompatibility(level);
                } else {
                    state.setSubjectCompatibility(subject, level);
                }
                return null;
            default:
                throw new IllegalStateException("Unhandled op " + op);
        }
    }

    private void validate() {
        boolean valid = switch (op) {
            case REGISTER -> subject != null && schema != null;
            case DELETE_SUBJECT, SOFT_DELETE_SUBJECT, PERMANENT_DELETE_SUBJECT -> subject != null;
            case SOFT_DELETE_VERSION, PERMANENT_DELETE_VERSION -> subject != null && version != null;
            case SET_COMPATIBILITY -> level != null;
        };
        if (!valid) {
            throw new IllegalArgumentException("Schema topic record " + op + " lacks a required field: " + toJson());
        }
    }
}
