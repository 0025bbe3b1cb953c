package org.sentistream.registry.internals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.avro.Schema;
import org.sentistream.registry.CompatibilityLevel;
import org.sentistream.registry.IncompatibleSchemaException;
import org.sentistream.registry.SchemaStore;
import org.sentistream.registry.SchemaVersion;

/**
 * {@link SchemaStore} in process memory; everything is lost when the server stops. Its results depend
 * only on the order of the mutating calls, which lets the Kafka-backed store replay its log into one.
 */
public final class InMemorySchemaStore implements SchemaStore {

    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    /** Every version of each subject, soft-deleted ones included, oldest first. */
    private final Map<String, List<SchemaVersion>> versionsBySubject = new TreeMap<>();
    /** Version numbers of each subject that are soft-deleted. */
    private final Map<String, Set<Integer>> softDeleted = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    @Override
    public synchronized SchemaVersion register(String subject, String schema) {
        // A schema that matches only a soft-deleted version gets a new version, as in Confluent's registry.
        List<SchemaVersion> versions = versions(subject, false);
        for (SchemaVersion version : versions) {
            if (version.schema().equals(schema)) {
                return version;
            }
        }

        CompatibilityLevel level = subjectLevels.getOrDefault(subject, globalLevel);
        List<String> violations = Compatibility.violations(parse(schema), parseAll(versions), level);
        if (!violations.isEmpty()) {
            throw new IncompatibleSchemaException(subject, level, violations);
        }

        return addVersion(subject, idFor(schema), schema);
    }

    private int idFor(String schema) {
        Integer id = idsBySchema.get(schema);
        if (id != null) {
            return id;
        }

        int next = schemasById.size() + 1;
        idsBySchema.put(schema, next);
        schemasById.put(next, schema);
        return next;
    }

    @Override
    public synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** Appends a version numbered one above the highest kept version, soft-deleted ones included. */
    private SchemaVersion addVersion(String subject, int id, String schema) {
        List<SchemaVersion> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        int number = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        SchemaVersion added = new SchemaVersion(subject, number, id, schema);
        versions.add(added);
        return added;
    }

    @Override
    public synchronized List<String> subjects(boolean includeDeleted) {
        List<String> subjects = new ArrayList<>();
        for (String subject : versionsBySubject.keySet()) {
            if (includeDeleted || !versions(subject, false).isEmpty()) {
                subjects.add(subject);
            }
        }
        return subjects;
    }

    @Override
    public synchronized List<SchemaVersion> versions(String subject, boolean includeDeleted) {
        List<SchemaVersion> versions = versionsBySubject.getOrDefault(subject, List.of());
        Set<Integer> deleted = softDeleted.getOrDefault(subject, Set.of());
        if (includeDeleted || deleted.isEmpty()) {
            return List.copyOf(versions);
        }
        return versions.stream().filter(v -> !deleted.contains(v.version())).toList();
    }

    @Override
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        List<Integer> deleted = new ArrayList<>();
        for (SchemaVersion version : versions(subject, true)) {
            if (deleteVersion(subject, version.version(), permanent)) {
                deleted.add(version.version());
            }
        }
        return deleted;
    }

    /**
     * Soft-deletes a live version, or permanently removes a soft-deleted one. Returns false and changes
     * nothing when the version is missing or not in the state that the deletion requires. A subject left
     * without versions is forgotten, so its next registration is version 1 again.
     */
    @Override
    public synchronized boolean deleteVersion(String subject, int version, boolean permanent) {
        boolean exists = versionsBySubject.getOrDefault(subject, List.of()).stream()
                .anyMatch(v -> v.version() == version);
        boolean isSoftDeleted = softDeleted.getOrDefault(subject, Set.of()).contains(version);
        if (!exists || isSoftDeleted != permanent) {
            return false;
        }

        if (!permanent) {
            softDeleted.computeIfAbsent(subject, s -> new HashSet<>()).add(version);
            return true;
        }

        softDeleted.get(subject).remove(version);
        List<SchemaVersion> versions = versionsBySubject.get(subject);
        versions.removeIf(v -> v.version() == version);
        if (versions.isEmpty()) {
            versionsBySubject.remove(subject);
            softDeleted.remove(subject);
        }
        return true;
    }

    /**
     * Removes every version of a subject at once, live or soft-deleted, and returns their numbers. Only
     * the replay of {@link StoreCommand.Op#DELETE_SUBJECT} records uses it, which registries before soft
     * deletion wrote for {@code DELETE /subjects/{subject}}.
     */
    public synchronized List<Integer> removeSubject(String subject) {
        softDeleted.remove(subject);
        List<SchemaVersion> removed = versionsBySubject.remove(subject);
        return removed == null ? List.of() : removed.stream().map(SchemaVersion::version).toList();
    }

    @Override
    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    @Override
    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    @Override
    public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, level);
    }

    private static List<Schema> parseAll(List<SchemaVersion> versions) {
        List<Schema> schemas = new ArrayList<>(versions.size());
        for (SchemaVersion version : versions) {
            schemas.add(parse(version.schema()));
        }
        return schemas;
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }
}
