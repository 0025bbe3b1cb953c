package org.sentistream.loadgen;

/**
 * Receives every event the broker acknowledged, for example to join results with the gold
 * labels of the source rows. Called from the producer's I/O thread, so it must return quickly.
 */
@FunctionalInterface
public interface AckListener {

    /**
     * @param topic   topic the event was written to
     * @param eventId event id, also the record key
     * @param label   gold label of the source row, or null when the row had none
     * @param corrupt true when the value was deliberately corrupted
     */
    void onAcked(String topic, String eventId, String label, boolean corrupt);
}
