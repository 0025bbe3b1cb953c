package org.sentistream.engine.quicksilver.internals;

import java.util.List;
import org.sentistream.engine.internals.TokenizedText;

/** Turns tokenized texts into pooled embeddings with the work done for each. */
public interface PooledEncoder extends AutoCloseable {

    /** Encodes {@code texts} in input order, at most {@code maxBatchSize} texts per ORT batch. */
    List<QuickSilverRunner.EncodedText> encode(List<TokenizedText> texts, int maxBatchSize);

    /** Returns the layers of the encoder. */
    int layers();

    @Override
    void close();
}
