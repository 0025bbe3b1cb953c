package org.sentistream.registry;

import java.util.List;
import java.util.Optional;

/**
 * Storage of schemas, subject versions and compatibility settings behind the registry server.
 *
 * <p>The server calls the mutating methods from one thread at a time, under its own lock, and may
 * call the reading methods concurrently with them. A store shared by several server instances
 * orders their mutations itself. Schema texts are already canonical: two texts are the same
 * schema exactly when the strings are equal. The server closes its store when it stops.
 */
public interface SchemaStore extends AutoCloseable {

    /**
     * Registers a schema under a subject in one step. When a version of the subject that is not
     * soft-deleted already has this schema, returns that version. Otherwise checks the schema against
     * those versions at the subject's compatibility level (or the global level), then appends a version. The schema keeps
     * its global id when another subject registered it before, else it gets the next free id
     * (from 1).
     *
     * @throws IncompatibleSchemaException when the schema breaks the compatibility level
     * @throws SchemaTooLargeException     when the store cannot hold a record this large
     * @throws SchemaStoreException        when the backing storage fails or times out
     */
    SchemaVersion register(String subject, String schema);

    /** Returns the schema text with this id, including schemas whose subjects were deleted. */
    Optional<String> schemaById(int id);

    /** Returns the subjects that have at least one version that is not soft-deleted, sorted by name. */
    default List<String> subjects() {
        return subjects(false);
    }

    /**
     * Returns the subjects sorted by name.
     *
     * @param includeDeleted also return subjects whose versions are all soft-deleted
     */
    List<String> subjects(boolean includeDeleted);

    /** Returns the versions of a subject that are not soft-deleted, oldest first, or an empty list. */
    default List<SchemaVersion> versions(String subject) {
        return versions(subject, false);
    }

    /**
     * Returns the versions of a subject, oldest first.
     *
     * @param includeDeleted also return soft-deleted versions
     */
    List<SchemaVersion> versions(String subject, boolean includeDeleted);

    /**
     * Deletes the versions of a subject and returns the numbers of those it deleted. A soft deletion
     * ({@code permanent} false) hides every live version. A permanent deletion removes every soft-deleted
     * version and leaves live ones alone. Schema ids stay readable either way, because records written
     * with them may still sit in topics. A new registration continues the version numbers after a soft
     * deletion, and starts again at 1 once every version is permanently deleted.
     */
    List<Integer> deleteSubject(String subject, boolean permanent);

    /**
     * Soft-deletes one live version, or permanently removes one soft-deleted version.
     *
     * @return false, changing nothing, when the version does not exist, or is already soft-deleted for a
     *         soft deletion, or is live for a permanent one
     */
    boolean deleteVersion(String subject, int version, boolean permanent);

    /** Returns the global compatibility level. */
    CompatibilityLevel globalCompatibility();

    /** Sets the global compatibility level. */
    void setGlobalCompatibility(CompatibilityLevel level);

    /** Returns the level set for one subject, if any. */
    Optional<CompatibilityLevel> subjectCompatibility(String subject);

    /** Sets the level of one subject, overriding the global level for it. */
    void setSubjectCompatibility(String subject, CompatibilityLevel level);

    /** Releases the store's resources; the default store holds none. */
    @Override
    default void close() {
    }
}
