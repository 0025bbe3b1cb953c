package org.sentistream.loadgen;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.sentistream.loadgen.internals.CorruptPayloads;
import org.sentistream.loadgen.internals.EventFactory;
import org.sentistream.loadgen.internals.OutgoingEvent;
import org.sentistream.loadgen.internals.PseudonymousIds;
import org.sentistream.loadgen.internals.RatePacer;
import org.sentistream.loadgen.internals.RowSources;
import org.sentistream.loadgen.internals.SendCounters;
import org.sentistream.loadgen.internals.ShareSchedule;
import org.sentistream.loadgen.internals.SourceRow;
import org.sentistream.loadgen.internals.TopicFeed;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.SerdeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code SocialPost} and {@code FeedbackEvent} records built from JSONL rows to Kafka, as
 * Avro in the Confluent wire format, at a steady rate.
 *
 * <p>Usage: build a {@link LoadGeneratorConfig}, create the generator, call {@link #run()} (blocks
 * until all events are acknowledged or failed) or {@link #runAsync()} (runs on a daemon thread),
 * optionally {@link #stop()} early, then {@link #close()}. {@link #stats()} may be read from any
 * thread at any time. A generator runs once.
 *
 * <p>Record keys are the event ids. Posts and feedback events are interleaved in the configured
 * share, and each input file is cycled when more events are requested than it has rows. The
 * producer defaults to {@code acks=all}, idempotence on and a 5 ms linger, and the producer properties
 * of the configuration override them.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);

    private static final String DEFAULT_LINGER_MS = "5";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Maximum time of one park while pacing, so that stop() takes effect quickly even at low rates. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * Counts of a run.
     *
     * @param sent    events handed to the producer, corrupt ones included
     * @param acked   events the broker acknowledged
     * @param failed  events the producer rejected or failed to deliver. After {@link #run()}
     *                returns, {@code acked + failed == sent}
     * @param corrupt events sent with deliberately corrupt values, counted in {@code sent} as well
     * @param elapsed time since the run started, or its total duration once it has finished
     */
    public record Stats(long sent, long acked, long failed, long corrupt, Duration elapsed) {

        /** Returns acknowledged events per second of elapsed time, or 0 before any time has passed. */
        public double eventsPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds > 0.0 ? acked / seconds : 0.0;
        }
    }

    private final LoadGeneratorConfig config;
    private final AvroSerializer<SpecificRecord> serializer;
    private final TopicFeed postsFeed;
    private final TopicFeed feedbackFeed;
    private final ShareSchedule postsMix;
    private final RatePacer pacer;
    private final SendCounters counters = new SendCounters();
    private final Producer<String, byte[]> producer;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile Exception startupTimeout;
    private volatile Thread runThread;
    private volatile long startNanos;
    private volatile long endNanos;

    /**
     * Loads the input rows and creates the serializer and the producer. No event is sent before
     * {@link #run()}.
     *
     * @throws LoadGeneratorException when an input file is missing or has no valid row
     */
    public LoadGenerator(LoadGeneratorConfig config) {
        this.config = config;

        List<SourceRow> postRows = config.postsShare() > 0.0
                ? RowSources.load(config.postsFile(), RowSources.SAMPLE_POSTS, "posts")
                : List.of();
        List<SourceRow> feedbackRows = config.postsShare() < 1.0
                ? RowSources.load(config.feedbackFile(), RowSources.SAMPLE_FEEDBACK, "feedback")
                : List.of();

        Random random = config.seed().isPresent() ? new Random(config.seed().getAsLong()) : new Random();
        EventFactory events = new EventFactory(Clock.systemUTC(), config.useSourceTimestamps());
        ShareSchedule corruptSchedule = new ShareSchedule(config.corruptFraction());
        CorruptPayloads corruptPayloads = new CorruptPayloads(random);

        this.serializer = new AvroSerializer<>();
        serializer.configure(serializerConfig(config), false);

        this.postsFeed = postRows.isEmpty() ? null
                : new TopicFeed(config.postsTopic(), "post", config.runId(), postRows,
                        new PseudonymousIds("author-", postRows.size(), random), events::post, serializer,
                        corruptSchedule, corruptPayloads);
        this.feedbackFeed = feedbackRows.isEmpty() ? null
                : new TopicFeed(config.feedbackTopic(), "feedback", config.runId(), feedbackRows,
                        new PseudonymousIds("customer-", feedbackRows.size(), random), events::feedback, serializer,
                        corruptSchedule, corruptPayloads);
        this.postsMix = new ShareSchedule(config.postsShare());
        this.pacer = new RatePacer(config.eventsPerSecond(), RatePacer.DEFAULT_MAX_LAG_NANOS, System::nanoTime);

        try {
            this.producer = config.producerFactory().create(producerConfig(config));
        } catch (RuntimeException e) {
            serializer.close();
            throw e;
        }
    }

    /**
     * Sends the configured number of events, or until {@link #stop()}, then flushes the producer.
     *
     * @return the final counts
     * @throws IllegalStateException  when the generator already ran or is closed
     * @throws LoadGeneratorException when an event cannot be serialized, for example because the
     *                                schema registry cannot be reached, or when the first sends
     *                                time out before any acknowledgement. The run ends there
     */
    public Stats run() {
        if (closed.get()) {
            throw new IllegalStateException("Load generator run " + config.runId() + " is closed; create a new one");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("Load generator run " + config.runId()
                    + " already started; create a new LoadGenerator for another run");
        }

        runThread = Thread.currentThread();
        startNanos = System.nanoTime();
        ScheduledExecutorService progressTimer = startProgressTimer();
        logStart();

        boolean interrupted;
        try {
            interrupted = sendAll();
            producer.flush();
        } finally {
            endNanos = System.nanoTime();
            progressTimer.shutdownNow();
            runThread = null;
            finished.countDown();
        }

        Stats stats = stats();
        LOG.info("Load generator run {} finished: {} sent, {} acked, {} failed, {} corrupt in {} ms ({} events/s)",
                config.runId(), stats.sent(), stats.acked(), stats.failed(), stats.corrupt(),
                stats.elapsed().toMillis(), String.format("%.1f", stats.eventsPerSecond()));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return stats;
    }

    /**
     * Runs {@link #run()} on a new daemon thread named {@code sentistream-loadgen-<runId>}.
     *
     * @return a future completed with the final counts, or exceptionally with the error of the run
     */
    public CompletableFuture<Stats> runAsync() {
        CompletableFuture<Stats> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(run());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "sentistream-loadgen-" + config.runId());
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /**
     * Asks a running {@link #run()} to stop after the event it is sending. The run then flushes
     * and returns. Safe to call from any thread, more than once, and before the run starts.
     */
    public void stop() {
        stopRequested = true;
        Thread thread = runThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** Returns the counts so far. Safe to call from any thread. */
    public Stats stats() {
        long start = startNanos;
        Duration elapsed;
        if (!started.get() || start == 0L) {
            elapsed = Duration.ZERO;
        } else {
            long end = finished.getCount() == 0 ? endNanos : System.nanoTime();
            elapsed = Duration.ofNanos(end - start);
        }
        return new Stats(counters.sent(), counters.acked(), counters.failed(), counters.corrupt(), elapsed);
    }

    /** Returns the run id, part of every event id. */
    public String runId() {
        return config.runId();
    }

    /**
     * Stops a running run, waits up to 30 s for it to flush, then closes the producer and the
     * serializer. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stop();

        if (started.get()) {
            try {
                if (!finished.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("Load generator run {} did not finish within {} s of stop(); closing the producer anyway",
                            config.runId(), CLOSE_TIMEOUT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        try {
            producer.close(CLOSE_TIMEOUT);
        } finally {
            serializer.close();
        }
        LOG.debug("Load generator run {} closed", config.runId());
    }

    /** Sends events until the count is reached or a stop is requested. Returns true when the thread was interrupted. */
    private boolean sendAll() {
        long limit = config.events();
        long sequence = 0;
        while (!stopRequested && (limit == 0 || sequence < limit)) {
            long waitNanos = pacer.reserve();
            if (waitNanos > 0 && !awaitNanos(waitNanos)) {
                break;
            }
            if (Thread.interrupted()) {
                return true;
            }

            OutgoingEvent event = nextEvent(sequence);
            if (!send(event)) {
                return true;
            }
            failIfBrokerUnreachable();
            sequence++;
        }
        return Thread.interrupted();
    }

    private OutgoingEvent nextEvent(long sequence) {
        TopicFeed feed = postsMix.isSelected(sequence) ? postsFeed : feedbackFeed;
        try {
            return feed.next(sequence);
        } catch (KafkaException e) {
            throw new LoadGeneratorException("Failed to serialize event " + sequence + " of run " + config.runId()
                    + " for topic " + feed.topic() + ": " + e.getMessage()
                    + "; check that the schema registry at " + config.schemaRegistryUrl() + " is running", e);
        }
    }

    /** Sends one event. Returns false when the thread was interrupted inside the producer. */
    private boolean send(OutgoingEvent event) {
        counters.onSent(event);
        try {
            producer.send(new ProducerRecord<>(event.topic(), event.id(), event.value()),
                    (metadata, error) -> onCompletion(event, error));
            return true;
        } catch (InterruptException e) {
            counters.onFailed(event, e);
            Thread.interrupted();
            return false;
        } catch (KafkaException | IllegalStateException e) {
            counters.onFailed(event, e);
            return true;
        }
    }

    private void onCompletion(OutgoingEvent event, Exception error) {
        if (error != null) {
            counters.onFailed(event, error);
            if (error instanceof TimeoutException && counters.acked() == 0) {
                startupTimeout = error;
            }
            return;
        }
        counters.onAcked();

        AckListener listener = config.ackListener();
        if (listener != null) {
            try {
                listener.onAcked(event.topic(), event.id(), event.label(), event.corrupt());
            } catch (RuntimeException e) {
                LOG.warn("Ack listener failed on event {}", event.id(), e);
            }
        }
    }

    /**
     * Ends the run when the first events time out before any was acknowledged. Otherwise every
     * further send would block for {@code max.block.ms} (60 s by default) and fail the same way.
     * Time-outs after the first acknowledgement are counted as failures and the run goes on.
     */
    private void failIfBrokerUnreachable() {
        Exception timeout = startupTimeout;
        if (timeout != null && counters.acked() == 0) {
            throw new LoadGeneratorException("Timed out sending to Kafka at " + config.bootstrapServers()
                    + " before any event was acknowledged: " + timeout.getMessage()
                    + "; check that the broker is running and the bootstrap servers are right", timeout);
        }
    }

    /** Parks until the deadline. Returns false when a stop was requested or the thread was interrupted. */
    private boolean awaitNanos(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (!stopRequested) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, Math.min(left, MAX_PARK_NANOS));
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return false;
    }

    private ScheduledExecutorService startProgressTimer() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sentistream-loadgen-progress-" + config.runId());
            thread.setDaemon(true);
            return thread;
        });
        long intervalMillis = Math.max(1L, config.progressInterval().toMillis());
        timer.scheduleAtFixedRate(this::reportProgress, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return timer;
    }

    private void reportProgress() {
        Stats stats = stats();
        ProgressListener listener = config.progressListener();
        if (listener == null) {
            LOG.info("Load generator run {}: {} sent, {} acked, {} failed ({} events/s)", config.runId(),
                    stats.sent(), stats.acked(), stats.failed(), String.format("%.1f", stats.eventsPerSecond()));
            return;
        }
        try {
            listener.onProgress(stats);
        } catch (RuntimeException e) {
            LOG.warn("Progress listener of load generator run {} failed", config.runId(), e);
        }
    }

    private void logStart() {
        String count = config.events() == 0 ? "events until stopped" : config.events() + " events";
        String rate = config.eventsPerSecond() == 0.0 ? "without a rate limit" : "at " + config.eventsPerSecond() + " events/s";
        LOG.info("Load generator run {} started: {} {}, {}% posts to {}, the rest to {}, {}% corrupt",
                config.runId(), count, rate, Math.round(config.postsShare() * 100), config.postsTopic(),
                config.feedbackTopic(), config.corruptFraction() * 100);
    }

    private static Map<String, Object> producerConfig(LoadGeneratorConfig config) {
        Map<String, Object> props = new LinkedHashMap<>();
        if (config.bootstrapServers() != null) {
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        }
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, DEFAULT_LINGER_MS);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sentistream-loadgen-" + config.runId());

        config.producerProperties().forEach((key, value) -> {
            if (!isSerializerKey(key)) {
                props.put(key, value);
            }
        });
        return props;
    }

    private static Map<String, Object> serializerConfig(LoadGeneratorConfig config) {
        Map<String, Object> props = new LinkedHashMap<>();
        config.producerProperties().forEach((key, value) -> {
            if (isSerializerKey(key)) {
                props.put(key, value);
            }
        });
        props.put(SerdeConfig.SCHEMA_REGISTRY_URL, config.schemaRegistryUrl());
        return props;
    }

    /** Schema registry settings go to the serializer only, because the producer would warn about them. */
    private static boolean isSerializerKey(String key) {
        return key.startsWith("schema.registry.") || key.startsWith("basic.auth.") || key.endsWith(".subject.name.strategy");
    }
}
