package org.sentistream.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.Schema;

/**
 * Registry client that keeps schemas in memory, for serde tests of this module; the registry
 * module tests the serde against the real server. Ids are global and start at 1, like Confluent's.
 */
final class InMemoryRegistryClient implements SchemaRegistryClient {

    private final Map<Schema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicInteger lookups = new AtomicInteger();

    /** When set, every call fails as if the registry were down. */
    volatile boolean unavailable;

    @Override
    public synchronized int register(String subject, Schema schema) throws IOException {
        checkAvailable();
        Integer id = ids.computeIfAbsent(schema, s -> nextId.getAndIncrement());
        schemas.put(id, schema);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) throws IOException {
        checkAvailable();
        lookups.incrementAndGet();
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException(id, "Schema id " + id + " not found");
        }
        return schema;
    }

    /** Returns how many times {@link #getSchemaById(int)} was called. */
    int lookups() {
        return lookups.get();
    }

    @Override
    public void close() {
    }

    private void checkAvailable() throws IOException {
        if (unavailable) {
            throw new IOException("Connection refused (simulated)");
        }
    }
}
