package org.sentistream.engine.internals;

import java.text.Normalizer;

/**
 * Prepares raw text for the tokenizer. Lone surrogates cannot be encoded as UTF-8 for the native
 * tokenizer, so they become U+FFFD. The text is then normalized to Unicode NFC, so a decomposed
 * and a composed spelling of the same text give the same tokens.
 */
public final class TextSanitizer {

    private static final char REPLACEMENT = '\uFFFD';

    private TextSanitizer() {
    }

    public static String sanitize(String text) {
        return Normalizer.normalize(replaceLoneSurrogates(text), Normalizer.Form.NFC);
    }

    static String replaceLoneSurrogates(String text) {
        StringBuilder out = null;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean lone;
            if (Character.isHighSurrogate(c)) {
                lone = i + 1 >= length || !Character.isLowSurrogate(text.charAt(i + 1));
                if (!lone) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                lone = Character.isLowSurrogate(c);
            }

            if (lone && out == null) {
                out = new StringBuilder(length);
                out.append(text, 0, i);
            }
            if (out != null) {
                out.append(lone ? REPLACEMENT : c);
            }
        }
        return out == null ? text : out.toString();
    }
}
