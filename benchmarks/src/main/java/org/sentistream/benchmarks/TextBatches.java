package org.sentistream.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batches of the bundled sample texts, handed out in turn. Batch {@code i} contains texts
 * {@code i * size} to {@code i * size + size - 1}, modulo the sample size, so the batches cycle
 * through every text, and a size that does not divide the sample wraps around to its start.
 */
final class TextBatches {

    /** One English sentence per line, from the UCI "Sentiment Labelled Sentences" data. See NOTICE. */
    static final String SAMPLE_RESOURCE = "org/sentistream/benchmarks/texts.txt";

    private final List<List<String>> batches;
    private final AtomicLong next = new AtomicLong();

    private TextBatches(List<List<String>> batches) {
        this.batches = batches;
    }

    /**
     * Returns batches of {@code size} texts of the bundled sample.
     *
     * @throws IllegalArgumentException when {@code size} is below 1
     */
    static TextBatches ofSample(int size) {
        return of(readSample(), size);
    }

    /**
     * Returns batches of {@code size} texts of {@code texts}. The batches are built once here, so
     * that the benchmark loop only picks one.
     *
     * @throws IllegalArgumentException when {@code texts} is empty or {@code size} is below 1
     */
    static TextBatches of(List<String> texts, int size) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("The list of texts to batch is empty");
        }
        if (size < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, was " + size);
        }

        // After texts.size() / gcd(texts.size(), size) batches the next batch starts at text 0 again.
        int count = texts.size() / gcd(texts.size(), size);
        List<List<String>> batches = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            List<String> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(texts.get((int) (((long) b * size + i) % texts.size())));
            }
            batches.add(List.copyOf(batch));
        }
        return new TextBatches(List.copyOf(batches));
    }

    /** Returns the next batch. Several threads may call it at once. */
    List<String> next() {
        return batches.get((int) (next.getAndIncrement() % batches.size()));
    }

    private static List<String> readSample() {
        InputStream stream = TextBatches.class.getClassLoader().getResourceAsStream(SAMPLE_RESOURCE);
        if (stream == null) {
            throw new IllegalStateException("Sample texts " + SAMPLE_RESOURCE + " not found on the class path");
        }

        List<String> texts = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    texts.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read sample texts " + SAMPLE_RESOURCE, e);
        }
        return texts;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
