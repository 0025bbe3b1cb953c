package org.sentistream.engine.quicksilver.internals;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import org.sentistream.engine.internals.NativeLibraries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONNX Runtime environment of the layer-wise runner. Dozens of small sessions run one after
 * another, and with a thread pool per session they ran 3-7 times slower on 2 cores than with one
 * shared pool, so the environment is created with global intra-op threads, spinning off, and every
 * session disables its own pool. ORT allows one environment per process: if another component
 * created it first without global threads, sessions fall back to their own pools (logged once).
 */
public final class SharedRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRuntime.class);

    /** System property naming a file prefix: when set, every session writes an ONNX Runtime profile there. */
    public static final String PROFILE_PROPERTY = "sentistream.ort.profile";

    private static OrtEnvironment environment;
    private static boolean globalThreads;
    private static int globalThreadCount;

    private SharedRuntime() {
    }

    /**
     * Creates the process-wide environment with a global pool of {@code threads} intra-op threads
     * unless it exists already. Call this before any other ORT use in the process to get the shared
     * pool; later calls return the existing environment.
     */
    public static synchronized OrtEnvironment environment(int threads) {
        if (environment != null) {
            return environment;
        }
        try (OrtEnvironment.ThreadingOptions options = new OrtEnvironment.ThreadingOptions()) {
            options.setGlobalIntraOpNumThreads(threads);
            options.setGlobalInterOpNumThreads(1);
            options.setGlobalSpinControl(false);
            environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "sentistream", options);
            globalThreads = true;
            globalThreadCount = threads;
            LOG.info("Created the ONNX Runtime environment with a global pool of {} intra-op threads", threads);
        } catch (IllegalStateException | OrtException e) {
            environment = OrtEnvironment.getEnvironment();
            globalThreads = false;
            LOG.warn("ONNX Runtime environment existed before QuickSilver started, so each layer session gets its own "
                    + "thread pool, which is several times slower on few cores: create QuickSilver first ({})", e.toString());
        }
        NativeLibraries.removeExtractedCopies();
        return environment;
    }

    /** Returns true when sessions share the environment's global thread pool. */
    public static synchronized boolean sharesThreads() {
        return globalThreads;
    }

    /** Returns session options for a graph: shared pool when available, otherwise {@code threads} threads without spinning. */
    static OrtSession.SessionOptions sessionOptions(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        String profile = System.getProperty(PROFILE_PROPERTY);
        if (profile != null && !profile.isBlank()) {
            options.enableProfiling(profile);
        }
        if (sharesThreads()) {
            options.disablePerSessionThreads();
        } else {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
        }
        return options;
    }

    /** Returns the intra-op threads of the global pool, or 0 when sessions have their own. */
    public static synchronized int globalThreadCount() {
        return globalThreads ? globalThreadCount : 0;
    }
}
