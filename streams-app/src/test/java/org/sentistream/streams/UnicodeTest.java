package org.sentistream.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sentistream.schemas.SentimentResult;
import org.sentistream.schemas.SocialPost;

/** Hostile Unicode and over-long texts go through the whole topology and come out as results. */
class UnicodeTest {

    private static final Map<String, String> ONE_PER_BATCH = Map.of(SentimentAppConfig.BATCH_MAX_RECORDS, "1");

    @TempDir
    Path stateDir;

    static Stream<Arguments> hostileTexts() {
        return Stream.of(
                Arguments.of("lone high surrogate", "Great \uD83D day"),
                Arguments.of("lone low surrogate", "\uDC00 terrible service"),
                Arguments.of("reversed surrogates", "\uDE00\uD83D so so"),
                Arguments.of("zero-width joiner", "Family day \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 was lovely"),
                Arguments.of("only zero-width", "\u200B\u200C\u200D\u2060\uFEFF"),
                Arguments.of("right-to-left marks", "\u202E\u0627\u0644\u062E\u062F\u0645\u0629 \u0631\u0627\u0626\u0639\u0629\u202C \u200Fgreat\u200E"),
                Arguments.of("combining marks", "Cafe\u0301 Z\u0337\u0322a\u0335l\u0336g\u0338o " + "a" + "\u0301".repeat(400)),
                Arguments.of("emoji only", "\uD83D\uDE00\uD83D\uDD25\uD83D\uDC4D\uD83C\uDFFD\uD83C\uDDFA\uD83C\uDDF8"),
                Arguments.of("control characters", "bad\u0000\u0001\u0007\u001B[31m day\u007F\u0085"),
                Arguments.of("only control characters", "\u0000\u0001\u0002"),
                Arguments.of("html entities", "I &lt;3 this &amp; that &#128512; &nbsp; &bogus; &#xZZ;"),
                Arguments.of("mixed scripts", "\u65E5\u672C\u8A9E \uD83D\uDE21 \u0442\u0435\u0440\u043F\u0435\u0442\u044C \u043D\u0435 \u043C\u043E\u0433\u0443"),
                Arguments.of("private use and noncharacters", "\uE000\uF8FF\uFFFE\uFFFF fine"),
                Arguments.of("decomposed hangul", "\u1100\u1161\u11A8 \uAC01 nice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTexts")
    void hostileTextClassified(String name, String text) throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, ONE_PER_BATCH)) {
            fixture.pipe(TopologyFixture.post("u1", text));

            List<KeyValue<String, SentimentResult>> results = fixture.results.readKeyValuesToList();
            assertEquals(1, results.size());
            assertEquals("u1", results.get(0).key);
            assertTrue(fixture.deadLetters.isEmpty());
        }
    }

    @Test
    void invalidUtf8Classified() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, ONE_PER_BATCH)) {
            // A Java encoder never writes a surrogate code point, so patch one into the Avro string bytes:
            // ED A0 80 is U+D800 in CESU-8, invalid in UTF-8.
            byte[] value = fixture.bytes(TopologyFixture.post("u2", "QQQ"));
            int at = indexOf(value, "QQQ".getBytes(StandardCharsets.US_ASCII));
            value[at] = (byte) 0xED;
            value[at + 1] = (byte) 0xA0;
            value[at + 2] = (byte) 0x80;
            fixture.posts.pipeInput("u2".getBytes(), value, TopologyFixture.START);

            assertEquals(1, fixture.results.readKeyValuesToList().size());
            assertTrue(fixture.deadLetters.isEmpty());
        }
    }

    @Test
    void overLongTextTruncated() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, ONE_PER_BATCH)) {
            // About 700 tokens, well over the fixture's 128-token window, and under text.max.chars.
            SocialPost post = TopologyFixture.post("long", "The service was great and fast. ".repeat(100));
            fixture.pipe(post);

            SentimentResult result = fixture.results.readValue();
            assertTrue(result.getTruncated());
            assertEquals(128, result.getTokenCount());
            assertTrue(fixture.deadLetters.isEmpty());
        }
    }

    @Test
    void shortTextNotTruncated() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, ONE_PER_BATCH)) {
            fixture.pipe(TopologyFixture.post("short", "The service was great."));

            assertEquals(false, fixture.results.readValue().getTruncated());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            boolean match = true;
            for (int j = 0; j < needle.length && match; j++) {
                match = haystack[i + j] == needle[j];
            }
            if (match) {
                return i;
            }
        }
        throw new IllegalStateException("Marker not found in the serialized record");
    }
}
