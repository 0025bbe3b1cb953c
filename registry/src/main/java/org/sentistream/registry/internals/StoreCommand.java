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
 */
public record StoreCommand(Op op, String subject, String schema, CompatibilityLevel level) {

    /** Kind of mutation. */
    public enum Op {
        REGISTER, DELETE_SUBJECT, SET_COMPATIBILITY
    }

    /** Version of the JSON layout, written into every record so that a later layout is recognized. */
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    public static StoreCommand register(String subject, String schema) {
        return new StoreCommand(Op.REGISTER, subject, schema, null);
    }

    public static StoreCommand deleteSubject(String subject) {
        return new StoreCommand(Op.DELETE_SUBJECT, subject, null, null);
    }

    /** Returns a change of one subject's level, or of the global level when {@code subject} is null. */
    public static StoreCommand setCompatibility(String subject, CompatibilityLevel level) {
        return new StoreCommand(Op.SET_COMPATIBILITY, subject, null, level);
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
        StoreCommand command = new StoreCommand(op, subject, schema, level);
        command.validate();
        return command;
    }

    /**
     * Applies this command to the state and returns its outcome: the {@link org.sentistream.registry.SchemaVersion}
     * of a registration, the deleted version numbers, or the {@link IncompatibleSchemaException} that
     * rejected a registration. Returns null for a compatibility change.
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
                return state.deleteSubject(subject);
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
            case DELETE_SUBJECT -> subject != null;
            case SET_COMPATIBILITY -> level != null;
        };
        if (!valid) {
            throw new IllegalArgumentException("Schema topic record " + op + " lacks a required field: " + toJson());
        }
    }
}
