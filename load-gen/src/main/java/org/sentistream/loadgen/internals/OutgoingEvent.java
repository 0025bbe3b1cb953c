package org.sentistream.loadgen.internals;

/**
 * One event ready to send.
 *
 * @param topic       target topic
 * @param id          event id, also the record key
 * @param value       record value: Avro in the Confluent wire format, or corrupt bytes
 * @param label       gold label of the source row, or null
 * @param corruptKind how the value was corrupted, or null for a valid value
 */
public record OutgoingEvent(String topic, String id, byte[] value, String label, CorruptPayloads.Kind corruptKind) {

    public boolean corrupt() {
        return corruptKind != null;
    }
}
