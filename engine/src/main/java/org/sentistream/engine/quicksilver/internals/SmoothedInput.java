package org.sentistream.engine.quicksilver.internals;

/**
 * The inputs of a layer's int8 projections that int8 smoothing rescales. The attention output
 * projection is left out: its input, the attention context, has no outlier channels. On
 * e5-small-v2 its largest channel maxima per layer are 2.3-5.1, against up to 10, 32 and 23 for the
 * other three inputs.
 */
enum SmoothedInput {

    /** The layer's input states, read by the query, key and value projections. */
    ATTENTION("attention"),

    /** The normalized attention block output, read by the intermediate (first feed-forward) projection. */
    INTERMEDIATE("intermediate"),

    /** GELU's output, read by the output (second feed-forward) projection. */
    OUTPUT("output");

    private final String key;

    SmoothedInput(String key) {
        this.key = key;
    }

    /** Returns the name of this input in calibration files. */
    String key() {
        return key;
    }
}
