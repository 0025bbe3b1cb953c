package org.sentistream.registry.internals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread that reads the schema topic's single partition from offset 0 in order and applies every
 * command to an {@link InMemorySchemaStore}. It keeps the outcome of the commands whose keys a
 * writer registered with {@link #expect(String)}, so the writer learns what its own record did
 * once the replay has passed it.
 */
public final class LogReplayer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogReplayer.class);

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    /** Outcome stored for a command whose outcome is null, since a concurrent map cannot hold null. */
    private static final Object NO_OUTCOME = new Object();

    private final KafkaConsumer<String, String> consumer;
    private final TopicPartition partition;
    private final InMemorySchemaStore state;
    private final Thread thread;
    private final Set<String> expectedKeys = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> outcomes = new ConcurrentHashMap<>();
    private final Object positionLock = new Object();

    /** Offset of the next record to apply; every record below it has been applied. */
    private long position;
    private long applied;
    private long skipped;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    public LogReplayer(KafkaConsumer<String, String> consumer, String topic, InMemorySchemaStore state) {
        this.consumer = consumer;
        this.partition = new TopicPartition(topic, 0);
        this.state = state;
        this.thread = new Thread(this::run, "schema-store-replay-" + topic);
        this.thread.setDaemon(true);
    }

    /** Assigns the partition from offset 0 and starts the thread. */
    public void start() {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        thread.start();
    }

    /** Marks a record key whose outcome the caller will fetch with {@link #awaitOutcome}. */
    public void expect(String key) {
        expectedKeys.add(key);
    }

    /** Forgets a key whose record was never written. */
    public void forget(String key) {
        expectedKeys.remove(key);
        outcomes.remove(key);
    }

    /**
     * Waits until the record at {@code offset} has been applied and returns the outcome of the
     * command with this key, null for a command without one.
     *
     * @throws IllegalStateException when the timeout passes first or the replay stopped
     */
    public Object awaitOutcome(String key, long offset, Duration timeout) throws InterruptedException {
        if (!awaitPosition(offset + 1, timeout)) {
            throw new IllegalStateException("Timed out after " + timeout.toMillis() + " ms waiting for the replay of "
                    + partition + " to reach offset " + offset + "; it is at " + position());
        }

        expectedKeys.remove(key);
        Object outcome = outcomes.remove(key);
        return outcome == NO_OUTCOME ? null : outcome;
    }

    /**
     * Waits until every record below {@code target} has been applied.
     *
     * @return false when the timeout passed first
     */
    public boolean awaitPosition(long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (positionLock) {
            while (position < target) {
                if (failure != null) {
                    throw new IllegalStateException("Replay of " + partition + " stopped: " + failure.getMessage(), failure);
                }
                long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMs <= 0) {
                    return false;
                }
                positionLock.wait(remainingMs);
            }
            return true;
        }
    }

    /** Returns the offset of the next record to apply. */
    public long position() {
        synchronized (positionLock) {
            return position;
        }
    }

    /** Returns the number of records applied and skipped as invalid. */
    public String summary() {
        return applied + " records applied, " + skipped + " skipped";
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(5));
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(POLL_TIMEOUT);
                for (ConsumerRecord<String, String> record : records) {
                    apply(record);
                }
                // The position also moves past control records and compacted gaps, which polls do not return.
                advance(consumer.position(partition));
            }
        } catch (WakeupException e) {
            if (running) {
                fail(new IllegalStateException("Unexpected wakeup of the schema store consumer", e));
            }
        } catch (RuntimeException e) {
            LOG.error("Replay of {} stopped at offset {}; the registry can no longer apply changes", partition, position(), e);
            fail(e);
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        Object outcome;
        try {
            StoreCommand command = StoreCommand.fromJson(record.value());
            outcome = command.applyTo(state);
            applied++;
        } catch (RuntimeException e) {
            // Every instance skips the same record, so they still agree.
            LOG.warn("Skipping invalid record at offset {} of {} with key {}: {}", record.offset(), partition,
                    record.key(), e.toString());
            skipped++;
            outcome = new IllegalArgumentException("Invalid schema store record at offset " + record.offset(), e);
        }

        if (record.key() != null && expectedKeys.contains(record.key())) {
            outcomes.put(record.key(), outcome == null ? NO_OUTCOME : outcome);
        }
        advance(record.offset() + 1);
    }

    private void advance(long next) {
        synchronized (positionLock) {
            if (next > position) {
                position = next;
                positionLock.notifyAll();
            }
        }
    }

    private void fail(RuntimeException e) {
        synchronized (positionLock) {
            failure = e;
            positionLock.notifyAll();
        }
    }
}
