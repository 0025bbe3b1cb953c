package org.sentistream.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.sentistream.streams.SentimentAppConfig;

/**
 * Keeps docs/configuration.md in step with the key declarations. When this fails, regenerate the
 * table with {@code bin/sentiment run --config-reference} and paste it into the page.
 */
class ConfigurationDocTest {

    @Test
    void referencePageMatchesDeclarations() throws Exception {
        Path page = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(page, StandardCharsets.UTF_8);

        assertTrue(text.contains(SentimentAppConfig.referenceMarkdown().strip()),
                page.toAbsolutePath().normalize() + " is out of date; regenerate its table with"
                        + " bin/sentiment run --config-reference");
    }
}
