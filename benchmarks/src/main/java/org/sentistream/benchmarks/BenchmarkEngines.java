package org.sentistream.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sentistream.engine.Classifiers;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.engine.quicksilver.QuickSilver;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;
import org.sentistream.engine.quicksilver.internals.SharedRuntime;

/**
 * Creates the classifier that an engine name of the benchmark selects. The names are those that
 * {@link org.sentistream.engine.ModelInfo#engine()} reports for each engine.
 */
final class BenchmarkEngines {

    static final String DENSE_FP32 = "dense-fp32";
    static final String WHOLE_FP32 = "whole-fp32";
    static final String WHOLE_INT8 = "whole-int8";

    private static final String QUICKSILVER_PREFIX = QuickSilver.ENGINE + "-";

    private BenchmarkEngines() {
    }

    /** Returns the engine names that {@link #create} accepts. */
    static List<String> names() {
        List<String> names = new ArrayList<>(List.of(DENSE_FP32, WHOLE_FP32, WHOLE_INT8));
        for (String preset : QuickSilverPreset.ids()) {
            names.add(QUICKSILVER_PREFIX + preset);
        }
        return names;
    }

    /**
     * Creates the ONNX Runtime environment with a shared pool of {@code config.intraOpThreads()}
     * threads, as the first QuickSilver engine of a process does, then the classifier named
     * {@code engine}. Creating the environment first gives the whole-model and QuickSilver
     * sessions the shared pool whatever the engine; the dense engine keeps its own pool.
     *
     * @throws IllegalArgumentException on an unknown engine name
     * @throws IllegalStateException when the process already has an ORT environment with another
     *     thread setup, which happens only when JMH runs several trials in one JVM ({@code -f 0})
     */
    static SentimentClassifier create(String engine, EngineConfig config) {
        return create(engine, config, Map.of());
    }

    /**
     * Creates the classifier named {@code engine} as {@link #create(String, EngineConfig)} does. A
     * QuickSilver engine reads its preset with {@code settings} applied on top.
     *
     * @throws IllegalArgumentException on an unknown engine name, or on settings for another engine
     */
    static SentimentClassifier create(String engine, EngineConfig config, Map<String, String> settings) {
        SharedRuntime.environment(config.intraOpThreads());
        if (SharedRuntime.globalThreadCount() != config.intraOpThreads()) {
            throw new IllegalStateException("The ONNX Runtime environment of this JVM has a shared pool of "
                    + SharedRuntime.globalThreadCount() + " threads (0: none), not " + config.intraOpThreads()
                    + ": run every trial in its own JVM (-f 1 or more)");
        }

        SentimentClassifier classifier = instantiate(engine, config, settings);
        String reported = classifier.info().engine();
        if (!reported.equals(engine)) {
            classifier.close();
            throw new IllegalStateException("Engine '" + engine + "' created a classifier that reports engine '"
                    + reported + "'");
        }
        return classifier;
    }

    /**
     * Parses {@code KEY=VALUE} pairs separated by {@code ;} and skips blank pairs.
     *
     * @throws IllegalArgumentException on a pair without {@code =}
     */
    static Map<String, String> parseSettings(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("Invalid setting '" + pair + "': expected KEY=VALUE, for example "
                        + "quicksilver.fused-norm=true");
            }
            settings.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return settings;
    }

    private static SentimentClassifier instantiate(String engine, EngineConfig config, Map<String, String> settings) {
        if (!settings.isEmpty() && !engine.startsWith(QUICKSILVER_PREFIX)) {
            throw new IllegalArgumentException("Invalid settings " + settings.keySet() + " for engine '" + engine
                    + "': only the " + QUICKSILVER_PREFIX + "PRESET engines accept them, "
                    + "so run the others without -p settings");
        }
        switch (engine) {
            case DENSE_FP32:
                return Classifiers.create(config);
            case WHOLE_FP32:
                return QuickSilver.wholeModel(config, false);
            case WHOLE_INT8:
                return QuickSilver.wholeModel(config, true);
            default:
                break;
        }
        if (engine.startsWith(QUICKSILVER_PREFIX)) {
            String preset = engine.substring(QUICKSILVER_PREFIX.length());
            if (QuickSilverPreset.ids().contains(preset)) {
                Map<String, String> keys = new LinkedHashMap<>(settings);
                keys.put(QuickSilverConfig.PREFIX + "preset", preset);
                return QuickSilver.create(config, QuickSilverConfig.fromProperties(keys));
            }
        }
        throw new IllegalArgumentException("Unknown engine '" + engine + "': expected one of " + names());
    }
}
