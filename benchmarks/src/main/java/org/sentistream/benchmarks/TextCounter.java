package org.sentistream.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Texts classified in the current iteration. JMH reports each public field of an
 * {@link AuxCounters.Type#OPERATIONS} counter as a secondary score divided by the iteration time,
 * so {@code texts} appears as {@code classify:texts} in texts per second.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class TextCounter {

    public long texts;

    /** Resets the count before each iteration, because JMH divides the value at the end of an iteration by its time. */
    @Setup(Level.Iteration)
    public void reset() {
        texts = 0;
    }
}
