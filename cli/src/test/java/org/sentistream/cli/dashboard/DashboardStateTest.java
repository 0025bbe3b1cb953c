package org.sentistream.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the dashboard's table of recent dead letters. */
class DashboardStateTest {

    @Test
    void recentDeadLettersNewestFirst() {
        DashboardState state = new DashboardState(60_000);

        // Two partitions read one after the other, as a restarted dashboard reads them from the start.
        for (int i = 0; i < 15; i++) {
            state.deadLetter("UNDECODABLE", "posts", "0", Integer.toString(i), "error", 1_000L + 10 * i);
        }
        for (int i = 0; i < 15; i++) {
            state.deadLetter("UNDECODABLE", "posts", "1", Integer.toString(i), "error", 1_005L + 10 * i);
        }

        List<String> sources = recentSources(state);
        assertEquals(DashboardState.RECENT_DEAD_LETTERS, sources.size());
        assertEquals("posts-1@14", sources.get(0));
        assertEquals("posts-0@14", sources.get(1));
        assertEquals("posts-0@5", sources.get(sources.size() - 1));
    }

    @Test
    void olderDeadLetterDroppedWhenFull() {
        DashboardState state = new DashboardState(60_000);
        for (int i = 0; i < DashboardState.RECENT_DEAD_LETTERS; i++) {
            state.deadLetter("EMPTY_TEXT", "posts", "0", Integer.toString(i), null, 2_000L + i);
        }

        state.deadLetter("EMPTY_TEXT", "posts", "1", "0", null, 1_000L);

        List<String> sources = recentSources(state);
        assertEquals(DashboardState.RECENT_DEAD_LETTERS, sources.size());
        assertEquals("posts-0@0", sources.get(sources.size() - 1));
    }

    @SuppressWarnings("unchecked")
    private static List<String> recentSources(DashboardState state) {
        List<Map<String, Object>> recent = (List<Map<String, Object>>) state.snapshot(10_000L).get("recent_dead_letters");
        return recent.stream().map(entry -> (String) entry.get("source")).toList();
    }
}
