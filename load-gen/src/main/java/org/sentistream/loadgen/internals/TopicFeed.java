package org.sentistream.loadgen.internals;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Turns source rows into serialized events for one topic, cycling through the rows when more
 * events are requested than there are rows.
 *
 * <p>Event ids are {@code <prefix>-<runId>-<sequence>}, where the prefix is the row's own
 * {@code id} when it has one and the feed's default prefix otherwise, and the sequence is the
 * event's position in the whole run. Ids are therefore unique within a run, also on repeated
 * rows, and across runs with different run ids.
 *
 * <p>Not thread-safe: one sending thread owns it.
 */
public final class TopicFeed {

    /** Builds the Avro record of one row. */
    @FunctionalInterface
    public interface RecordBuilder {

        SpecificRecord build(SourceRow row, String eventId, String pseudonymousId);
    }

    private final String topic;
    private final String defaultIdPrefix;
    private final String runId;
    private final List<SourceRow> rows;
    private final PseudonymousIds pseudonyms;
    private final RecordBuilder recordBuilder;
    private final Serializer<SpecificRecord> serializer;
    private final ShareSchedule corruptSchedule;
    private final CorruptPayloads corruptPayloads;

    private long eventsInFeed;

    /**
     * @param topic           target topic
     * @param defaultIdPrefix id prefix for rows without an {@code id}, for example {@code post}
     * @param runId           id of this run, part of every event id
     * @param rows            source rows; must not be empty
     * @param pseudonyms      author or customer id per row
     * @param recordBuilder   builds the Avro record of a row
     * @param serializer      serializer to the Confluent wire format
     * @param corruptSchedule selects which events of this feed are corrupted
     * @param corruptPayloads corrupts the selected values
     */
    public TopicFeed(String topic, String defaultIdPrefix, String runId, List<SourceRow> rows,
            PseudonymousIds pseudonyms, RecordBuilder recordBuilder, Serializer<SpecificRecord> serializer,
            ShareSchedule corruptSchedule, CorruptPayloads corruptPayloads) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("No rows for topic " + topic);
        }
        this.topic = topic;
        this.defaultIdPrefix = defaultIdPrefix;
        this.runId = runId;
        this.rows = List.copyOf(rows);
        this.pseudonyms = pseudonyms;
        this.recordBuilder = recordBuilder;
        this.serializer = serializer;
        this.corruptSchedule = corruptSchedule;
        this.corruptPayloads = corruptPayloads;
    }

    public String topic() {
        return topic;
    }

    public int rowCount() {
        return rows.size();
    }

    /**
     * Builds and serializes the next event of this feed.
     *
     * @param sequence position of the event in the whole run, part of its id
     * @throws org.apache.kafka.common.errors.SerializationException when the serializer fails,
     *         for example because the schema registry cannot be reached
     */
    public OutgoingEvent next(long sequence) {
        long position = eventsInFeed++;
        int rowIndex = (int) (position % rows.size());
        SourceRow row = rows.get(rowIndex);

        String prefix = row.id() == null || row.id().isBlank() ? defaultIdPrefix : row.id();
        String eventId = prefix + "-" + runId + "-" + sequence;

        SpecificRecord record = recordBuilder.build(row, eventId, pseudonyms.idFor(rowIndex));
        byte[] value = serializer.serialize(topic, record);

        if (!corruptSchedule.isSelected(position)) {
            return new OutgoingEvent(topic, eventId, value, row.label(), null);
        }
        CorruptPayloads.Kind kind = corruptPayloads.nextKind();
        return new OutgoingEvent(topic, eventId, corruptPayloads.corrupt(value), row.label(), kind);
    }
}
