package org.sentistream.cli;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Handles SIGTERM and SIGINT for every command, in place of the JVM's handler, which starts the shutdown hooks.
 *
 * <p>ONNX Runtime's Java API registers a shutdown hook that releases its native environment, thread pools
 * included. Hooks run in parallel, so on a plain SIGTERM that hook freed the runtime under a stream thread
 * still inside {@code OrtSession.run}, and the JVM died with SIGSEGV. Here a command that runs the classifier
 * registers a stop action instead, which the signal runs on a new thread. The command closes Kafka Streams and
 * the classifier, and only the exit that follows runs the hooks, on an idle runtime. A command without a stop
 * action exits at once with 128 + the signal number, running the hooks, as the JVM would. If those hooks have
 * not finished after {@value #GRACE_PROPERTY} milliseconds (default 60 s), the JVM halts: Kafka Connect's hook
 * was seen to wait forever for its REST server. A second signal halts the JVM without hooks.
 */
public final class Termination {

    private static final Logger LOG = LoggerFactory.getLogger(Termination.class);

    private static final AtomicReference<Runnable> STOP_ACTION = new AtomicReference<>();
    private static final AtomicInteger SIGNAL = new AtomicInteger();

    /** System property: milliseconds the shutdown hooks get after a signal before the JVM halts. */
    static final String GRACE_PROPERTY = "sentistream.shutdown.grace.ms";
    private static final long DEFAULT_GRACE_MS = 60_000;

    private Termination() {
    }

    /**
     * Installs the handlers; called once by {@link Main}. If the JVM refuses a signal (as under {@code -Xrs}),
     * that signal keeps the JVM's own handling.
     */
    static void install() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), Termination::onSignal);
            } catch (IllegalArgumentException e) {
                LOG.debug("SIG{} keeps the JVM's handling: {}", name, e.getMessage());
            }
        }
    }

    /** Makes the next SIGTERM or SIGINT run {@code action} on a new thread instead of exiting at once. */
    public static void onSignal(Runnable action) {
        STOP_ACTION.set(action);
    }

    /**
     * Makes the next SIGTERM or SIGINT halt the JVM without running the shutdown hooks. For commands that only
     * compute and print, such as {@code eval}: they have nothing to close, and the hooks could free the runtime
     * under the thread that is classifying.
     */
    public static void haltOnSignal() {
        onSignal(() -> halt(exitCode(1)));
    }

    /** Returns true once SIGTERM or SIGINT has arrived. */
    public static boolean requested() {
        return SIGNAL.get() != 0;
    }

    /** Returns 128 + the number of the first signal (143 for SIGTERM, 130 for SIGINT), or {@code otherwise}. */
    public static int exitCode(int otherwise) {
        int signal = SIGNAL.get();
        return signal == 0 ? otherwise : 128 + signal;
    }

    /**
     * Ends the JVM with {@code code} without running the shutdown hooks. For a command whose classifier is
     * still in use by a thread that did not stop in time: the hooks would free the runtime under that thread.
     */
    public static void halt(int code) {
        // Child JVMs, such as the demo's broker, would outlive a halt; SIGTERM lets them stop on their own.
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    private static void onSignal(Signal signal) {
        if (!SIGNAL.compareAndSet(0, signal.getNumber())) {
            System.err.println("Second SIG" + signal.getName() + "; exiting now without cleanup.");
            halt(128 + signal.getNumber());
            return;
        }

        Runnable action = STOP_ACTION.get();
        if (action != null) {
            new Thread(action, "sentistream-stop").start();
            return;
        }

        int code = 128 + signal.getNumber();
        Thread watchdog = new Thread(() -> haltAfterGrace(code), "sentistream-exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        new Thread(() -> System.exit(code), "sentistream-exit").start();
    }

    private static void haltAfterGrace(int code) {
        long graceMs = Long.getLong(GRACE_PROPERTY, DEFAULT_GRACE_MS);
        try {
            Thread.sleep(graceMs);
        } catch (InterruptedException e) {
            return;
        }
        System.err.println("The shutdown hooks did not finish within " + graceMs + " ms; halting.");
        halt(code);
    }
}
