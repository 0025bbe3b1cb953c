package org.sentistream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sentistream.registry.internals.InMemorySchemaStore;
import org.sentistream.registry.internals.StoreCommand;

/** Replay of schema topic records into the in-memory state, including records of older registries. */
class StoreCommandTest {

    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";

    @Test
    void legacyDeleteSubjectRemovesAll() {
        InMemorySchemaStore state = new InMemorySchemaStore();
        StoreCommand.register("things-value", SCHEMA).applyTo(state);

        // The record that registries before soft deletion wrote for DELETE /subjects/{subject}.
        Object outcome = StoreCommand.fromJson("{\"format\":1,\"op\":\"DELETE_SUBJECT\",\"subject\":\"things-value\"}")
                .applyTo(state);

        assertEquals(List.of(1), outcome);
        assertEquals(List.of(), state.subjects(true));
        assertEquals(1, state.register("things-value", SCHEMA).version());
    }

    @Test
    void versionDeletionRoundTrips() {
        StoreCommand soft = StoreCommand.deleteVersion("things-value", 1, false);
        StoreCommand permanent = StoreCommand.deleteVersion("things-value", 1, true);

        assertEquals(soft, StoreCommand.fromJson(soft.toJson()));
        assertEquals(permanent, StoreCommand.fromJson(permanent.toJson()));
    }

    @Test
    void permanentNeedsSoftInState() {
        InMemorySchemaStore state = new InMemorySchemaStore();
        StoreCommand.register("things-value", SCHEMA).applyTo(state);

        assertFalse((Boolean) StoreCommand.deleteVersion("things-value", 1, true).applyTo(state));
        assertEquals(1, state.versions("things-value").size());
        assertTrue((Boolean) StoreCommand.deleteVersion("things-value", 1, false).applyTo(state));
        assertEquals(List.of(), StoreCommand.deleteSubject("things-value", false).applyTo(state));
        assertEquals(List.of(1), StoreCommand.deleteSubject("things-value", true).applyTo(state));
        assertEquals(List.of(), state.subjects(true));
    }
}
