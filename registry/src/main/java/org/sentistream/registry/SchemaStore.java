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
     * Registers a schema under a subject in one step. When the subject already has this schema,
     * returns that version. Otherwise checks the schema against the subject's versions at the
     * subject's compatibility level (or the global level), then appends a version. The schema keeps
     * its global id when another subject registered it before, else it gets the next free id
     * (from 1).
     *
     * @throws IncompatibleSchemaException when the schema breaks the compatibility level
     * @throws SchemaStoreException        when the backing storage fails or times out
     */
    SchemaVersion register(String subject, String schema);

    /** Returns the schema text with this id, including schemas whose subjects were deleted. */
    Optional<String> schemaById(int id);

    /** Returns the subjects that have at least one version, sorted by name. */
    List<String> subjects();

    /** Returns the versions of a subject, oldest first; empty when the subject is unknown or deleted. */
    List<SchemaVersion> versions(String subject);

    /**
     * Deletes every version of a subject and returns their numbers. Schema ids stay readable,
     * because records written with them may still sit in topics. A later registration under the
     * same subject starts again at version 1.
     */
    List<Integer> deleteSubject(String subject);

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
