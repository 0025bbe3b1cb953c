package org.sentistream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.sentistream.engine.Classifiers;
import org.sentistream.engine.EngineConfig;
import org.sentistream.engine.SentimentClassifier;
import org.sentistream.streams.SentimentAppConfig;

/**
 * {@code soak}: classifies many generated texts with one classifier in batches and samples the resident set
 * size (VmRSS in /proc/self/status) of this process, to show that native memory stays bounded. The texts vary
 * in length, so the batches vary in shape, and include hostile Unicode. After the warm-up texts, the growth of
 * the maximum RSS over the RSS at the end of warm-up must stay within {@code --max-growth-mb}.
 *
 * <p>The Java heap is part of the RSS, so a fixed heap ({@code SENTISTREAM_JAVA_OPTS="-Xms256m -Xmx256m"})
 * keeps heap growth from looking like a native leak. Linux only.
 */
public final class SoakCommand implements Command {

    private static final Set<String> VALUE_OPTIONS = Set.of("texts", "encoder", "batch", "warmup", "max-growth-mb",
            "threads", "sample-every", "seed", "max-tokens");
    private static final Set<String> FLAGS = Set.of("json");
    private static final Path STATUS = Path.of("/proc/self/status");

    private static final String[] WORDS = {
        "the", "service", "was", "great", "awful", "slow", "fast", "love", "hate", "battery", "screen", "support",
        "refund", "never", "again", "absolutely", "fine", "okay", "broken", "delivery", "late", "thanks", "why",
        "\uD83D\uDE00", "\uD83D\uDD25", "\uD83D\uDC4E", "&amp;", "&lt;3", "caf\u00E9", "cafe\u0301", "\u202Enoisrev\u202C",
        "\u200D", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u65E5\u672C", "\u043F\u043B\u043E\u0445\u043E",
        "\u0000", "\u0007", "\uD800", "https://example.com/x?y=1", "@someone", "#hashtag", "!!!", "...",
    };

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public String summary() {
        return "Classify many generated texts and check that the resident memory stays bounded";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "[--texts N] [--encoder NAME] [--batch N] [--warmup N] [--max-growth-mb MB] [--json]",
                "  --texts N            texts to classify, default 200000",
                "  --encoder NAME       e5-small-v2 or all-minilm-l6-v2, default " + EngineConfig.DEFAULT_ENCODER,
                "  --batch N            texts per classifier call, default 32",
                "  --threads N          ONNX Runtime intra-op threads, default 2",
                "  --max-tokens N       token window per text, default 128; longer texts are truncated",
                "  --warmup N           texts classified before the reference RSS sample, default 10000",
                "  --max-growth-mb MB   allowed growth of the RSS over the reference sample, default 64",
                "  --sample-every N     texts between RSS samples, default 2000",
                "  --seed N             seed of the generated texts, default 1",
                "  --json               print one JSON summary as the last line of standard output",
                "Exit code 1 if the RSS grew beyond the bound. Fix the heap size (-Xms = -Xmx in",
                "SENTISTREAM_JAVA_OPTS) so that heap growth does not count as native growth.");
    }

    @Override
    public int run(List<String> arguments) throws Exception {
        Termination.haltOnSignal();
        Args args = Args.parse(arguments, VALUE_OPTIONS, FLAGS);
        int texts = args.getInt("texts", 200_000);
        String encoder = args.get("encoder", EngineConfig.DEFAULT_ENCODER);
        int batch = args.getInt("batch", 32);
        int threads = args.getInt("threads", 2, 1, SentimentAppConfig.MAX_ENGINE_THREADS);
        int maxTokens = args.getInt("max-tokens", 128, 8, EngineConfig.MAX_TOKENS);
        int warmup = args.getInt("warmup", 10_000);
        long maxGrowthMb = args.getLong("max-growth-mb", 64);
        int sampleEvery = args.getInt("sample-every", 2000);
        if (texts < 1 || batch < 1 || warmup < 0 || warmup >= texts || sampleEvery < 1) {
            throw new Args.UsageException("Invalid soak sizes: need --texts >= 1, --batch >= 1, --sample-every >= 1 "
                    + "and 0 <= --warmup < --texts; got texts=" + texts + ", batch=" + batch + ", warmup=" + warmup
                    + ", sample-every=" + sampleEvery);
        }
        if (!Files.isReadable(STATUS)) {
            System.err.println("sentiment soak: " + STATUS + " is not readable; the soak measures VmRSS and runs on Linux only");
            return 2;
        }

        Random random = new Random(args.getLong("seed", 1));
        long startRssKb = rssKb();
        long warmRssKb = -1;
        long maxRssKb = startRssKb;
        long maxAfterWarmupKb = 0;
        long startNanos = System.nanoTime();
        int done = 0;
        int nextSample = sampleEvery;

        System.err.printf("sentiment soak: %d texts with %s, batch %d, RSS at start %d MB%n", texts, encoder, batch,
                startRssKb / 1024);
        try (SentimentClassifier classifier = Classifiers.create(new EngineConfig(encoder, null, threads, maxTokens, batch))) {
            while (done < texts) {
                List<String> batchTexts = generate(random, Math.min(batch, texts - done));
                classifier.classify(batchTexts);
                done += batchTexts.size();

                if (done >= nextSample || done == texts) {
                    nextSample += sampleEvery;
                    long rss = rssKb();
                    maxRssKb = Math.max(maxRssKb, rss);
                    if (warmRssKb < 0 && done >= warmup) {
                        warmRssKb = rss;
                    }
                    if (warmRssKb >= 0) {
                        maxAfterWarmupKb = Math.max(maxAfterWarmupKb, rss);
                    }
                    System.err.printf("sentiment soak: %d/%d texts, RSS %d MB, max %d MB, %.0f texts/s%n", done, texts,
                            rss / 1024, maxRssKb / 1024, done / seconds(startNanos));
                }
            }
        }

        long endRssKb = rssKb();
        double seconds = seconds(startNanos);
        long growthMb = (maxAfterWarmupKb - warmRssKb) / 1024;
        boolean withinBound = growthMb <= maxGrowthMb;
        System.err.printf("sentiment soak: done in %.0f s. RSS start %d MB, after warm-up %d MB, max %d MB, end %d MB "
                        + "(after closing the classifier); growth after warm-up %d MB, bound %d MB: %s%n",
                seconds, startRssKb / 1024, warmRssKb / 1024, maxRssKb / 1024, endRssKb / 1024, growthMb, maxGrowthMb,
                withinBound ? "within bound" : "BOUND EXCEEDED");

        if (args.flag("json")) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("command", "soak");
            summary.put("encoder", encoder);
            summary.put("texts", done);
            summary.put("batch", batch);
            summary.put("maxTokens", maxTokens);
            summary.put("warmupTexts", warmup);
            summary.put("seconds", Math.round(seconds * 10) / 10.0);
            summary.put("textsPerSecond", Math.round(done / seconds));
            summary.put("rssStartMb", startRssKb / 1024);
            summary.put("rssWarmMb", warmRssKb / 1024);
            summary.put("rssMaxMb", maxRssKb / 1024);
            summary.put("rssEndMb", endRssKb / 1024);
            summary.put("growthAfterWarmupMb", growthMb);
            summary.put("maxGrowthMb", maxGrowthMb);
            summary.put("withinBound", withinBound);
            summary.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
            System.out.println(new ObjectMapper().writeValueAsString(summary));
            System.out.flush();
        }
        return withinBound ? 0 : 1;
    }

    /** Returns texts of 1 to 25 words and, one in 50, up to 150 words, so that batches differ in token length. */
    static List<String> generate(Random random, int count) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int words = 1 + (random.nextInt(50) == 0 ? random.nextInt(150) : random.nextInt(25));
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < words; w++) {
                if (w > 0) {
                    text.append(' ');
                }
                text.append(WORDS[random.nextInt(WORDS.length)]);
            }
            texts.add(text.toString());
        }
        return texts;
    }

    /** Returns VmRSS of this process in kB. */
    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("No VmRSS line in " + STATUS);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
