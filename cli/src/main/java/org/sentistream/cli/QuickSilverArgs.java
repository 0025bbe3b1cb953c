package org.sentistream.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;

/** The {@code --engine}, {@code --preset} and {@code --set} options that pick an engine and its QuickSilver settings. */
final class QuickSilverArgs {

    static final String DENSE = "dense";
    static final String QUICKSILVER = "quicksilver";

    static final String USAGE_ENGINE = "  --engine E         dense (whole fp32 model) or quicksilver";
    static final String USAGE_PRESET = "  --preset P         QuickSilver preset " + QuickSilverPreset.ids() + " (default balanced)";
    static final String USAGE_SET = "  --set KEY=VALUE    override one QuickSilver key, for example quicksilver.fuse.percentile=80; repeatable";

    private QuickSilverArgs() {
    }

    /** Returns the engine named by {@code --engine}, checked against dense and quicksilver. */
    static String engine(Args args, String defaultEngine) {
        String engine = args.get("engine", defaultEngine).trim().toLowerCase(java.util.Locale.ROOT);
        if (!engine.equals(DENSE) && !engine.equals(QUICKSILVER)) {
            throw new Args.UsageException("Invalid value for --engine: '" + engine + "', expected dense or quicksilver");
        }
        return engine;
    }

    /** Resolves {@code --preset} and the {@code --set} overrides. */
    static QuickSilverConfig settings(Args args) {
        return settings(args.get("preset", QuickSilverPreset.BALANCED.id()), args.getAll("set"));
    }

    static QuickSilverConfig settings(String preset, List<String> overrides) {
        Map<String, String> properties = new HashMap<>();
        properties.put(QuickSilverConfig.PREFIX + "preset", preset);
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new Args.UsageException("Invalid --set '" + override + "': expected KEY=VALUE");
            }
            String key = override.substring(0, eq).trim();
            properties.put(key.startsWith(QuickSilverConfig.PREFIX) ? key : QuickSilverConfig.PREFIX + key,
                    override.substring(eq + 1));
        }
        try {
            return QuickSilverConfig.fromProperties(properties);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }
}
