package org.sentistream.cli.calibrate;

import java.math.BigDecimal;
import java.util.StringJoiner;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.SpecialTokenPolicy;

/**
 * Formats QuickSilver settings as a short label. Each mechanism that is on adds its name, its
 * percentile or threshold and, after {@code @}, the depth it starts from, and {@code end@D} the depth
 * after which every token halts. The label is {@code off} when no mechanism is on.
 */
final class SettingLabel {

    private SettingLabel() {
    }

    static String of(QuickSilverConfig c) {
        StringJoiner label = new StringJoiner(" ");
        if (c.halting()) {
            String threshold = c.haltDrift() > 0 ? "<" + number(c.haltDrift()) : "p" + number(c.haltPercentile());
            label.add("halt " + threshold + "@" + number(c.haltStart()) + (c.relativeDrift() ? "" : " absolute")
                    + (c.skipHaltedKeys() ? " kv" : "") + (c.poolHalted() ? " pool-halted" : ""));
        }
        if (c.haltEnd() < 1) {
            label.add("end@" + number(Math.round(c.haltEnd() * 1000) / 1000.0));
        }
        if (c.skipAttention() > 0) {
            label.add("skip<" + number(c.skipAttention()) + "@" + number(c.skipStart()));
        }
        if (c.fusion()) {
            String threshold = c.fusePercentile() > 0 ? "p" + number(c.fusePercentile()) : "cos" + number(c.fuseCosine());
            label.add("fuse " + threshold + "@" + number(c.fuseStart()));
        }
        if (c.int8()) {
            String int8 = Double.isInfinite(c.int8Attention()) ? "int8" : "int8<" + number(c.int8Attention());
            if (c.int8Start() > 0) {
                int8 += "@" + number(c.int8Start());
            }
            // With the default EXEMPT policy, [CLS] and [SEP] stay in fp32 unless int8.special-tokens is set.
            if (!c.int8SpecialTokens() && c.specialTokens() == SpecialTokenPolicy.EXEMPT) {
                int8 += " content-only";
            }
            if (c.int8Smoothing() > 0) {
                int8 += " smooth" + number(c.int8Smoothing());
            }
            label.add(int8);
        }
        if (c.specialTokens() != SpecialTokenPolicy.EXEMPT) {
            label.add("special-tokens " + c.toProperties().get(QuickSilverConfig.PREFIX + "special-tokens"));
        }
        if (c.padded()) {
            label.add("padded");
        }
        if (c.fusedNorm()) {
            label.add("fused-norm");
        }
        return label.length() == 0 ? "off" : label.toString();
    }

    /** Formats without a trailing {@code .0}: 90.0 as 90, 0.25 as 0.25. */
    private static String number(double value) {
        if (Double.isInfinite(value)) {
            return "inf";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
