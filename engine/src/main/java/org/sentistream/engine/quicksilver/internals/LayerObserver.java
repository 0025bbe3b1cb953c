package org.sentistream.engine.quicksilver.internals;

/**
 * Receives the batch state after each layer, before the mechanisms act on it. Calibration and
 * tests use it; the classifier runs without one.
 */
@FunctionalInterface
interface LayerObserver {

    /**
     * @param layer index of the layer just computed, 0-based
     * @param state states after the layer; the drift arrays of {@link BatchState} and {@link BatchState#importance}
     *     hold this layer's values for the units it computed
     * @param computed true for each unit that was a query of this layer
     */
    void afterLayer(int layer, BatchState state, boolean[] computed);
}
