package org.sentistream.engine.quicksilver.internals;

/** Arithmetic of the projections in one layer graph. */
enum Precision {

    /** Every projection in fp32. */
    FP32,

    /** Every projection through int8 weights and dynamically quantized uint8 activations. */
    INT8,

    /**
     * The first {@code split[0]} queries in fp32 and the remaining {@code split[1]} in int8; keys and
     * values are projected in int8.
     */
    MIXED
}
