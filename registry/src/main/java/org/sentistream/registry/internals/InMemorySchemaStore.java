package org.sentistream.registry.internals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Map<String, List<SchemaVersion>> versionsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    @Override
    public synchronized SchemaVersion register(String subject, String schema) {
        List<SchemaVersion> versions = versionsBySubject.getOrDefault(subject, List.of());
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

    private SchemaVersion addVersion(String subject, int id, String schema) {
        List<SchemaVersion> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        SchemaVersion added = new SchemaVersion(subject, versions.size() + 1, id, schema);
        versions.add(added);
        return added;
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    @Override
    public synchronized List<SchemaVersion> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }

    @Override
    public synchronized List<Integer> deleteSubject(String subject) {
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
