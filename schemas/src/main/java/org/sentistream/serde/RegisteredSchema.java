package org.sentistream.serde;

import org.apache.avro.Schema;

/** One version of a subject as the registry returns it: subject, version number, global id and schema. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
}
