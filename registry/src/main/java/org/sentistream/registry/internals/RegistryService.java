package org.sentistream.registry.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.sentistream.registry.CompatibilityLevel;
import org.sentistream.registry.IncompatibleSchemaException;
import org.sentistream.registry.SchemaStore;
import org.sentistream.registry.SchemaTooLargeException;
import org.sentistream.registry.SchemaVersion;

/**
 * Registry operations on a {@link SchemaStore}, independent of HTTP. Registrations run one at a
 * time, so concurrent registrations of one schema get one id and one version. Rejections are
 * {@link RegistryException}s carrying the Confluent error code.
 */
public final class RegistryService {

    private final SchemaStore store;

    public RegistryService(SchemaStore store) {
        this.store = store;
    }

    /**
     * Registers a schema under a subject and returns its global id. A schema already registered
     * under the subject returns its existing id without a new version.
     *
     * @throws RegistryException 409 when the schema breaks the subject's compatibility level, 422 when it
     *         is too large for the store
     */
    public synchronized int register(String subject, String schemaText, String schemaType) {
        String canonical = parse(schemaText, schemaType).toString();

        try {
            return store.register(subject, canonical).id();
        } catch (IncompatibleSchemaException e) {
            throw new RegistryException(409, RegistryException.INCOMPATIBLE_SCHEMA, e.getMessage());
        } catch (SchemaTooLargeException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    /** Returns the schema text with this id. */
    public String schemaById(int id) {
        return store.schemaById(id).orElseThrow(() -> RegistryException.schemaNotFound("id " + id));
    }

    /** Returns every subject version that uses the schema with this id. */
    public List<SchemaVersion> versionsUsing(int id) {
        schemaById(id);

        List<SchemaVersion> using = new ArrayList<>();
        for (String subject : store.subjects()) {
            for (SchemaVersion version : store.versions(subject)) {
                if (version.id() == id) {
                    using.add(version);
                }
            }
        }
        return using;
    }

    /** Returns the subjects, with {@code includeDeleted} also those whose versions are all soft-deleted. */
    public List<String> subjects(boolean includeDeleted) {
        return store.subjects(includeDeleted);
    }

    /** Returns the version numbers of a subject, oldest first, with {@code includeDeleted} also soft-deleted ones. */
    public List<Integer> versionNumbers(String subject, boolean includeDeleted) {
        return existingVersions(subject, includeDeleted).stream().map(SchemaVersion::version).toList();
    }

    /** Returns one version of a subject that is not soft-deleted. */
    public SchemaVersion version(String subject, String version) {
        return version(subject, version, false);
    }

    /**
     * Returns one version of a subject.
     *
     * @param version        a positive version number, {@code latest} or {@code -1} (Confluent's alias of latest)
     * @param includeDeleted also find a soft-deleted version
     */
    public SchemaVersion version(String subject, String version, boolean includeDeleted) {
        List<SchemaVersion> versions = existingVersions(subject, includeDeleted);
        int number = parseVersion(version);
        if (number == -1) {
            return versions.get(versions.size() - 1);
        }

        return versions.stream()
                .filter(v -> v.version() == number)
                .findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(subject, number));
    }

    /**
     * Finds the version of a subject whose schema equals the given one in canonical form.
     *
     * @param includeDeleted also find a soft-deleted version, as Confluent's {@code ?deleted=true} does
     */
    public SchemaVersion lookup(String subject, String schemaText, String schemaType, boolean includeDeleted) {
        String canonical = parse(schemaText, schemaType).toString();

        return existingVersions(subject, includeDeleted).stream()
                .filter(v -> v.schema().equals(canonical))
                .findFirst()
                .orElseThrow(() -> RegistryException.schemaNotFound("not registered under subject '" + subject + "'"));
    }

    /**
     * Deletes a subject and returns the deleted version numbers. As in Confluent's registry, a permanent
     * deletion needs a soft deletion first.
     *
     * @throws RegistryException 404 with 40401 for an unknown subject, 40404 for a soft deletion of a
     *         soft-deleted subject, or 40405 for a permanent deletion of a subject with live versions
     */
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        existingVersions(subject, true);
        boolean live = !store.versions(subject, false).isEmpty();
        if (!permanent && !live) {
            throw new RegistryException(404, RegistryException.SUBJECT_SOFT_DELETED, "Subject '" + subject
                    + "' was soft deleted. Set permanent=true to delete permanently");
        }
        if (permanent && live) {
            throw new RegistryException(404, RegistryException.SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                    + "' was not deleted first before being permanently deleted");
        }
        return store.deleteSubject(subject, permanent);
    }

    /**
     * Deletes one version of a subject and returns its number. As in Confluent's registry, a permanent
     * deletion needs a soft deletion first, and {@code latest} means the latest version that is not
     * soft-deleted.
     *
     * @throws RegistryException 404 with 40401 or 40402 when the subject or version does not exist, 40406 for
     *         a soft deletion of a soft-deleted version, or 40407 for a permanent deletion of a live version
     */
    public synchronized int deleteVersion(String subject, String version, boolean permanent) {
        int number = parseVersion(version) == -1 ? version(subject, version).version()
                : version(subject, version, true).version();
        boolean live = store.versions(subject, false).stream().anyMatch(v -> v.version() == number);
        if (!permanent && !live) {
            throw new RegistryException(404, RegistryException.VERSION_SOFT_DELETED, "Subject '" + subject
                    + "' Version " + number + " was soft deleted. Set permanent=true to delete permanently");
        }
        if (permanent && live) {
            throw new RegistryException(404, RegistryException.VERSION_NOT_SOFT_DELETED, "Subject '" + subject
                    + "' Version " + number + " was not deleted first before being permanently deleted");
        }

        store.deleteVersion(subject, number, permanent);
        return number;
    }

    /**
     * Returns the compatibility problems of a candidate schema against one version of a subject, or
     * against the versions its level covers when the version is {@code latest}; empty when compatible.
     */
    public List<String> checkCompatibility(String subject, String version, String schemaText, String schemaType) {
        Schema candidate = parse(schemaText, schemaType);
        CompatibilityLevel level = effectiveCompatibility(subject);

        List<SchemaVersion> against;
        if (parseVersion(version) == -1) {
            against = existingVersions(subject);
        } else {
            against = List.of(version(subject, version));
        }
        return Compatibility.violations(candidate, parseAll(against), level);
    }

    public CompatibilityLevel globalCompatibility() {
        return store.globalCompatibility();
    }

    public synchronized CompatibilityLevel setGlobalCompatibility(String level) {
        CompatibilityLevel parsed = parseLevel(level);
        store.setGlobalCompatibility(parsed);
        return parsed;
    }

    /**
     * Returns the level of a subject.
     *
     * @param defaultToGlobal return the global level when the subject has none of its own, instead of 404
     */
    public CompatibilityLevel subjectCompatibility(String subject, boolean defaultToGlobal) {
        return store.subjectCompatibility(subject).orElseGet(() -> {
            if (defaultToGlobal) {
                return store.globalCompatibility();
            }
            throw new RegistryException(404, RegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
                    "Subject '" + subject + "' does not have subject-level compatibility configured");
        });
    }

    public synchronized CompatibilityLevel setSubjectCompatibility(String subject, String level) {
        CompatibilityLevel parsed = parseLevel(level);
        store.setSubjectCompatibility(subject, parsed);
        return parsed;
    }

    private CompatibilityLevel effectiveCompatibility(String subject) {
        return store.subjectCompatibility(subject).orElseGet(store::globalCompatibility);
    }

    private List<SchemaVersion> existingVersions(String subject) {
        return existingVersions(subject, false);
    }

    private List<SchemaVersion> existingVersions(String subject, boolean includeDeleted) {
        List<SchemaVersion> versions = store.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    private static List<Schema> parseAll(List<SchemaVersion> versions) {
        List<Schema> schemas = new ArrayList<>(versions.size());
        for (SchemaVersion version : versions) {
            schemas.add(new Schema.Parser().parse(version.schema()));
        }
        return schemas;
    }

    /** Parses a version path segment; returns -1 for the latest version. */
    private static int parseVersion(String version) {
        if ("latest".equals(version)) {
            return -1;
        }

        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1 && number != -1) {
            throw new RegistryException(422, RegistryException.INVALID_VERSION, "The specified version '" + version
                    + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
        return number;
    }

    private static Schema parse(String schemaText, String schemaType) {
        if (schemaType != null && !"AVRO".equals(schemaType)) {
            throw RegistryException.invalidSchema("schemaType " + schemaType + " is not supported; only AVRO is supported");
        }
        if (schemaText == null) {
            throw RegistryException.invalidSchema("the request has no schema field");
        }
        if (schemaText.isBlank()) {
            throw RegistryException.invalidSchema("the schema field is empty");
        }

        try {
            return new Schema.Parser().parse(schemaText);
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    private static CompatibilityLevel parseLevel(String level) {
        if (level == null) {
            throw new RegistryException(422, RegistryException.INVALID_COMPATIBILITY_LEVEL,
                    "Missing compatibility field; expected one of " + List.of(CompatibilityLevel.values()));
        }
        try {
            return CompatibilityLevel.valueOf(level.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(422, RegistryException.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level "
                    + level + "; expected one of " + List.of(CompatibilityLevel.values()));
        }
    }
}
