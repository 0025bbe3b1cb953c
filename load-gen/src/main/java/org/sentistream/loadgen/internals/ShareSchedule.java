package org.sentistream.loadgen.internals;

/**
 * Selects a fixed share of a sequence, spread evenly: element {@code n} is selected when
 * {@code floor((n + 1) * share) > floor(n * share)}. After {@code n} elements exactly
 * {@code floor(n * share)} have been selected, and selected elements never bunch up, unlike a
 * random draw.
 */
public final class ShareSchedule {

    private final double share;

    /** @param share selected fraction, from 0 to 1 */
    public ShareSchedule(double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("Invalid share " + share + ": expected a number from 0 to 1");
        }
        this.share = share;
    }

    /** Returns true when element {@code n} (0-based) is selected. */
    public boolean isSelected(long n) {
        return Math.floor((n + 1) * share) > Math.floor(n * share);
    }
}
