package org.sentistream.loadgen;

/**
 * Receives periodic progress of a {@link LoadGenerator} run. Called from a timer thread of the
 * generator, not from the thread that calls {@link LoadGenerator#run()}.
 */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(LoadGenerator.Stats stats);
}
