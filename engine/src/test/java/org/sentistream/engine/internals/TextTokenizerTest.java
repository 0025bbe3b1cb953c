package org.sentistream.engine.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {

    private static final long CLS = 101;
    private static final long SEP = 102;

    private static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = TextTokenizer.load(EncoderModel.ALL_MINILM_L6_V2, "", 16);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void truncationKeepsFinalSep() {
        TokenizedText text = tokenizer.tokenize("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen");

        assertTrue(text.truncated());
        assertEquals(16, text.length());
        assertEquals(CLS, text.inputIds()[0]);
        assertEquals(SEP, text.inputIds()[15]);
    }

    @Test
    void shortTextIsNotPadded() {
        TokenizedText text = tokenizer.tokenize("hello world");

        assertFalse(text.truncated());
        assertEquals(4, text.length());
        assertEquals(SEP, text.inputIds()[3]);
    }

    @Test
    void hugeTextIsCutBeforeTokenizing() {
        TokenizedText text = tokenizer.tokenize("x".repeat(2_000_000));

        assertTrue(text.truncated());
        assertEquals(SEP, text.inputIds()[text.length() - 1]);
    }

    @Test
    void prefixIsAddedBeforeText() {
        try (TextTokenizer prefixed = TextTokenizer.load(EncoderModel.E5_SMALL_V2, "query: ", 512)) {
            TokenizedText with = prefixed.tokenize("good");
            TokenizedText without = tokenizer.tokenize("good");

            assertEquals(without.length() + 2, with.length());
        }
    }
}
