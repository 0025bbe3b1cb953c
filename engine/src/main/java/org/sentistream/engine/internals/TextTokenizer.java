package org.sentistream.engine.internals;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * WordPiece tokenizer of an encoder, loaded from the tokenizer.json in the encoder jar. Thread-safe:
 * the native Hugging Face tokenizer encodes through a shared immutable handle.
 */
public final class TextTokenizer implements AutoCloseable {

    /**
     * Characters kept per window token before tokenizing, which bounds the tokenizer's work on
     * huge inputs. The cut loses tokens that would fit the window only when the kept tokens
     * average more than this many characters, as runs of over-long words (one [UNK] each) do.
     */
    private static final int MAX_CHARS_PER_TOKEN = 32;

    private final HuggingFaceTokenizer tokenizer;
    private final String prefix;
    private final int maxTokens;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, String prefix, int maxTokens) {
        this.tokenizer = tokenizer;
        this.prefix = prefix;
        this.maxTokens = maxTokens;
    }

    /**
     * Loads the tokenizer of {@code model}.
     *
     * @param prefix text put in front of every input, for example {@code "query: "} for e5
     * @param maxTokens window in tokens, special tokens included
     */
    public static TextTokenizer load(EncoderModel model, String prefix, int maxTokens) {
        // The bundled MiniLM tokenizer.json pads and truncates to 128 and DJL applies its own
        // defaults on top, so both are switched off here: the encoder pads per ORT call and
        // tokenize() truncates while keeping the final [SEP].
        Map<String, String> options = Map.of(
                "addSpecialTokens", "true",
                "padding", "false",
                "truncation", "false");
        try (InputStream in = TextTokenizer.class.getResourceAsStream(model.tokenizerResource())) {
            if (in == null) {
                throw new IllegalStateException("Tokenizer resource " + model.tokenizerResource()
                        + " is missing from the classpath: add the langchain4j embedding jar of " + model.id());
            }
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(in, options);
            return new TextTokenizer(tokenizer, prefix, Math.min(maxTokens, model.maxPositions()));
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read tokenizer " + model.tokenizerResource(), e);
        }
    }

    /**
     * Tokenizes one text. A text longer than the window keeps its first tokens and its final
     * [SEP] token and is flagged as truncated.
     */
    public TokenizedText tokenize(String text) {
        String clean = TextSanitizer.sanitize(text);

        boolean cutChars = false;
        int maxChars = maxTokens * MAX_CHARS_PER_TOKEN;
        if (clean.length() > maxChars) {
            int end = Character.isHighSurrogate(clean.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
            clean = clean.substring(0, end);
            cutChars = true;
        }

        Encoding encoding = tokenizer.encode(prefix + clean, true, false);
        long[] ids = encoding.getIds();
        if (ids.length <= maxTokens) {
            return new TokenizedText(ids, cutChars);
        }

        long[] kept = Arrays.copyOf(ids, maxTokens);
        kept[maxTokens - 1] = ids[ids.length - 1];
        return new TokenizedText(kept, true);
    }

    public String prefix() {
        return prefix;
    }

    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
