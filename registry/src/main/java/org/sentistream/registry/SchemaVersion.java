package org.sentistream.registry;

/**
 * One version of a subject: the subject name, its version number (from 1), the global schema id
 * and the schema text in Avro's canonical JSON form.
 */
public record SchemaVersion(String subject, int version, int id, String schema) {
}
