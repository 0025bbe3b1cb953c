package org.sentistream.connect.mastodon.internals;

import java.util.Comparator;

/**
 * Order of Mastodon status ids. Ids are decimal strings of 64-bit integers that grow with time on
 * one server, so a longer id is newer and ids of equal length compare as strings.
 */
public final class StatusIds {

    /** Compares two ids from oldest to newest. */
    public static final Comparator<String> ORDER = Comparator.comparingInt(String::length)
            .thenComparing(Comparator.naturalOrder());

    private StatusIds() {
    }

    /** Returns the newer of two ids, either of which may be null. */
    public static String newer(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return ORDER.compare(a, b) >= 0 ? a : b;
    }
}
