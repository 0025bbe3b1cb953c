package org.sentistream.connect.mastodon.internals;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads a text/event-stream as the HTML standard defines it: {@code event:} and {@code data:}
 * fields, data lines joined with newlines, an event dispatched at each blank line, and lines that
 * start with a colon (Mastodon's {@code :thump} heartbeat) treated as comments.
 */
public final class ServerSentEvents {

    /** One dispatched event. The name is {@code message} when the server sent no event field. */
    public record Event(String name, String data) {
    }

    private final BufferedReader reader;

    public ServerSentEvents(BufferedReader reader) {
        this.reader = reader;
    }

    /**
     * Reads until the next event, calling {@code onActivity} for every line (comments included) so
     * the caller can detect a stalled stream.
     *
     * @return the event, or null at the end of the stream
     */
    public Event next(Runnable onActivity) throws IOException {
        String name = null;
        StringBuilder data = null;

        String line;
        while ((line = reader.readLine()) != null) {
            onActivity.run();
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(name == null ? "message" : name, data.toString());
                }
                name = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }

            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return null;
    }
}
