package org.sentistream.loadgen.internals;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.sentistream.loadgen.LoadGeneratorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the rows of one input: a JSONL file, or the bundled sample when no file is given. */
public final class RowSources {

    private static final Logger LOG = LoggerFactory.getLogger(RowSources.class);

    /** Bundled posts: sentences of IMDb reviews from the UCI Sentiment Labelled Sentences. */
    public static final String SAMPLE_POSTS = "org/sentistream/loadgen/sample/posts.jsonl";

    /** Bundled feedback: sentences of Amazon and Yelp reviews from the UCI Sentiment Labelled Sentences. */
    public static final String SAMPLE_FEEDBACK = "org/sentistream/loadgen/sample/feedback.jsonl";

    private RowSources() {
    }

    /**
     * Loads the valid rows of a file, or of a bundled resource when {@code file} is null.
     *
     * @param file             JSONL file, or null
     * @param bundledResource  class-path resource used when {@code file} is null
     * @param kind             what the rows are, for messages, for example {@code posts}
     * @throws LoadGeneratorException when the input is missing, unreadable or has no valid row
     */
    public static List<SourceRow> load(Path file, String bundledResource, String kind) {
        JsonlRows loaded;
        try {
            loaded = file == null ? JsonlRowReader.readResource(bundledResource) : JsonlRowReader.read(file);
        } catch (NoSuchFileException e) {
            throw new LoadGeneratorException("Input file of " + kind + " not found: " + e.getFile()
                    + "; pass an existing JSONL file, or none to use the bundled sample", e);
        } catch (IOException e) {
            throw new LoadGeneratorException("Failed to read the " + kind + " input "
                    + (file == null ? bundledResource : file) + ": " + e.getMessage(), e);
        }

        if (loaded.rows().isEmpty()) {
            String firstProblem = loaded.skipped().isEmpty() ? "the input is empty" : "first problem: " + loaded.skipped().get(0);
            throw new LoadGeneratorException("No valid " + kind + " rows in " + loaded.source() + " ("
                    + loaded.skipped().size() + " invalid lines, " + firstProblem
                    + "); each line must be a JSON object with a non-blank \"text\" string");
        }

        LOG.info("Loaded {} {} rows from {} ({} invalid lines skipped)", loaded.rows().size(), kind, loaded.source(),
                loaded.skipped().size());
        return loaded.rows();
    }
}
