package org.sentistream.engine.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sentistream.engine.eval.LabelledText;
import org.sentistream.engine.internals.EmbeddingCache;
import org.sentistream.engine.internals.EncoderModel;
import org.sentistream.engine.internals.TextTokenizer;
import org.sentistream.engine.internals.TokenizedText;
import org.sentistream.engine.internals.TransformerEncoder;
import org.sentistream.engine.quicksilver.internals.PooledEncoder;
import org.sentistream.engine.quicksilver.internals.PooledEncoders;
import org.sentistream.engine.quicksilver.internals.QuickSilverRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds the rows of data files through the cache; loads the encoder only on a cache miss. The
 * encoder is the dense fp32 model, or the QuickSilver engine when the options name its settings.
 */
final class DatasetEmbedder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetEmbedder.class);

    /** Texts tokenized and sorted together, so ORT calls pad to similar lengths. */
    private static final int CHUNK = 1024;
    private static final long PROGRESS_NANOS = 10_000_000_000L;

    private final EncoderModel model;
    private final String prefix;
    private final TrainingOptions options;
    private final EmbeddingCache cache;
    private TextTokenizer tokenizer;
    private TransformerEncoder dense;
    private PooledEncoder quickSilver;

    DatasetEmbedder(EncoderModel model, String prefix, TrainingOptions options) {
        this.model = model;
        this.prefix = prefix;
        this.options = options;
        this.cache = new EmbeddingCache(options.cacheDirectory());
    }

    /**
     * Returns the pooled embedding of every row in {@code rows}, read from {@code data}.
     *
     * @param selection which rows of the file {@code rows} are, for the cache key
     */
    float[][] embed(Path data, List<LabelledText> rows, String selection) throws IOException {
        Path file = cache.fileFor(model, data, prefix, options.maxTokens(), selection + engineKey());
        Optional<float[][]> cached = cache.read(file, rows.size());
        if (cached.isPresent()) {
            LOG.info("Read {} cached embeddings of {} from {}", rows.size(), data, file);
            return cached.get();
        }

        ensureLoaded();
        float[][] pooled = new float[rows.size()][];
        long start = System.nanoTime();
        long lastReport = start;
        for (int from = 0; from < rows.size(); from += CHUNK) {
            int to = Math.min(rows.size(), from + CHUNK);
            List<TokenizedText> chunk = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                chunk.add(tokenizer.tokenize(rows.get(i).text()));
            }
            float[][] chunkPooled = pool(chunk);
            System.arraycopy(chunkPooled, 0, pooled, from, chunkPooled.length);

            long now = System.nanoTime();
            if (now - lastReport > PROGRESS_NANOS || to == rows.size()) {
                LOG.info("Embedded {}/{} texts of {} ({} texts/s)", to, rows.size(), data.getFileName(),
                        Math.round(to / ((now - start) / 1e9)));
                lastReport = now;
            }
        }
        cache.write(file, pooled);
        return pooled;
    }

    /** Returns the part of the cache key that names the engine; empty for the dense model, so older caches still hit. */
    private String engineKey() {
        return options.quickSilver() == null ? "" : "\n" + options.quickSilver().toProperties();
    }

    private float[][] pool(List<TokenizedText> chunk) {
        if (dense != null) {
            return dense.pool(chunk, options.batchSize());
        }
        List<QuickSilverRunner.EncodedText> encoded = quickSilver.encode(chunk, options.batchSize());
        float[][] pooled = new float[encoded.size()][];
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = encoded.get(i).pooled();
        }
        return pooled;
    }

    private void ensureLoaded() {
        if (tokenizer != null) {
            return;
        }
        tokenizer = TextTokenizer.load(model, prefix, options.maxTokens());
        if (options.quickSilver() == null) {
            dense = TransformerEncoder.load(model, options.intraOpThreads());
        } else {
            quickSilver = PooledEncoders.quickSilver(model, options.quickSilver(), options.intraOpThreads());
            LOG.info("Embedding with the QuickSilver engine, preset {}, so the head sees that preset's states",
                    options.quickSilver().preset());
        }
    }

    @Override
    public void close() {
        if (dense != null) {
            dense.close();
        }
        if (quickSilver != null) {
            quickSilver.close();
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
