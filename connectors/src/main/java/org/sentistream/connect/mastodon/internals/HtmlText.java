package org.sentistream.connect.mastodon.internals;

import java.util.Locale;
import java.util.Map;

/**
 * Converts the HTML of a Mastodon status into plain text.
 *
 * <p>Mastodon sanitizes status HTML down to {@code p}, {@code br}, {@code a} and {@code span} (plus
 * a few inline tags on some servers), so a small tag scanner is enough. Paragraphs become blank
 * lines and {@code br} a newline. A link becomes its text, which for a URL includes the parts
 * Mastodon hides in {@code span class="invisible"}, so the full URL is kept. A mention link becomes
 * {@code @user}, the placeholder sentiment models trained on social text expect, so no handle of
 * another account reaches the text. Character references are decoded.
 */
public final class HtmlText {

    /** Text that replaces every mention of an account. */
    public static final String MENTION_PLACEHOLDER = "@user";

    private static final Map<String, String> NAMED_ENTITIES = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("hellip", "…"), Map.entry("mdash", "—"),
            Map.entry("ndash", "–"), Map.entry("rsquo", "’"), Map.entry("lsquo", "‘"), Map.entry("rdquo", "”"),
            Map.entry("ldquo", "“"), Map.entry("copy", "©"), Map.entry("reg", "®"), Map.entry("euro", "€"));

    private HtmlText() {
    }

    /** Converts status HTML into plain text with collapsed spaces and at most one blank line in a row. */
    public static String toPlainText(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }

        StringBuilder text = new StringBuilder(html.length());
        int mentionDepth = -1;
        int anchorDepth = 0;
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    // An unterminated tag is text, as browsers treat it.
                    appendText(text, html.substring(i));
                    break;
                }
                String tag = html.substring(i + 1, end);
                String name = tagName(tag);
                boolean closing = tag.startsWith("/");

                switch (name) {
                    case "p" -> {
                        if (closing) {
                            text.append("\n\n");
                        }
                    }
                    case "br" -> text.append('\n');
                    case "a" -> {
                        if (closing) {
                            anchorDepth--;
                            if (mentionDepth == anchorDepth) {
                                mentionDepth = -1;
                            }
                        } else {
                            if (mentionDepth < 0 && isMention(tag)) {
                                mentionDepth = anchorDepth;
                                text.append(MENTION_PLACEHOLDER);
                            }
                            anchorDepth++;
                        }
                    }
                    default -> {
                        // span, strong, em and the like carry no layout.
                    }
                }
                i = end + 1;
                continue;
            }

            int next = html.indexOf('<', i);
            int stop = next < 0 ? html.length() : next;
            if (mentionDepth < 0) {
                appendText(text, decodeEntities(html.substring(i, stop)));
            }
            i = stop;
        }
        return normalizeWhitespace(text.toString());
    }

    /** Decodes named, decimal and hexadecimal character references; unknown ones stay as written. */
    static String decodeEntities(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) {
            return s;
        }

        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (amp >= 0) {
            out.append(s, i, amp);
            int semicolon = s.indexOf(';', amp);
            String decoded = semicolon < 0 || semicolon - amp > 12 ? null : decodeEntity(s.substring(amp + 1, semicolon));
            if (decoded == null) {
                out.append('&');
                i = amp + 1;
            } else {
                out.append(decoded);
                i = semicolon + 1;
            }
            amp = s.indexOf('&', i);
        }
        out.append(s, i, s.length());
        return out.toString();
    }

    private static String decodeEntity(String entity) {
        if (entity.startsWith("#")) {
            try {
                boolean hex = entity.length() > 1 && (entity.charAt(1) == 'x' || entity.charAt(1) == 'X');
                int codePoint = hex ? Integer.parseInt(entity.substring(2), 16) : Integer.parseInt(entity.substring(1));
                return Character.isValidCodePoint(codePoint) ? new String(Character.toChars(codePoint)) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return NAMED_ENTITIES.get(entity);
    }

    private static void appendText(StringBuilder text, String fragment) {
        // Source newlines in HTML are spaces; only p and br make line breaks.
        text.append(fragment.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '));
    }

    private static String tagName(String tag) {
        int start = tag.startsWith("/") ? 1 : 0;
        int end = start;
        while (end < tag.length() && Character.isLetterOrDigit(tag.charAt(end))) {
            end++;
        }
        return tag.substring(start, end).toLowerCase(Locale.ROOT);
    }

    private static boolean isMention(String tag) {
        String lower = tag.toLowerCase(Locale.ROOT);
        int classAt = lower.indexOf("class=\"");
        if (classAt < 0) {
            return false;
        }
        int end = lower.indexOf('"', classAt + 7);
        String classes = " " + lower.substring(classAt + 7, end < 0 ? lower.length() : end) + " ";
        return classes.contains(" mention ") && !classes.contains(" hashtag ");
    }

    private static String normalizeWhitespace(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int newlines = 0;
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                newlines++;
                space = false;
            } else if (c == ' ' || c == '\u00a0') {
                space = true;
            } else {
                if (out.length() > 0) {
                    if (newlines > 0) {
                        out.append(newlines > 1 ? "\n\n" : "\n");
                    } else if (space) {
                        out.append(' ');
                    }
                }
                newlines = 0;
                space = false;
                out.append(c);
            }
        }
        return out.toString();
    }
}
