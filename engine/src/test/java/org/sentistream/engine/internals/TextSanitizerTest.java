package org.sentistream.engine.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TextSanitizerTest {

    @Test
    void loneHighSurrogateIsReplaced() {
        assertEquals("a\uFFFDb", TextSanitizer.sanitize("a\uD83Db"));
    }

    @Test
    void loneLowSurrogateIsReplaced() {
        assertEquals("\uFFFDb", TextSanitizer.sanitize("\uDE00b"));
    }

    @Test
    void trailingHighSurrogateIsReplaced() {
        assertEquals("a\uFFFD", TextSanitizer.sanitize("a\uD83D"));
    }

    @Test
    void surrogatePairIsKept() {
        assertEquals("x\uD83D\uDE00y\uFFFD", TextSanitizer.sanitize("x\uD83D\uDE00y\uDC00"));
    }

    @Test
    void cleanTextIsReturnedAsIs() {
        String text = "plain text";

        assertSame(text, TextSanitizer.replaceLoneSurrogates(text));
    }

    @Test
    void decomposedIsComposed() {
        assertEquals("caf\u00E9", TextSanitizer.sanitize("cafe\u0301"));
    }
}
