package org.sentistream.engine.quicksilver.internals;

import java.util.EnumSet;
import java.util.Set;
import org.sentistream.engine.internals.EncoderModel;
import org.sentistream.engine.quicksilver.QuickSilverConfig;

/** Builds the layer-wise QuickSilver encoder of a model under a set of settings. */
public final class PooledEncoders {

    private PooledEncoders() {
    }

    /**
     * Loads the layer-wise encoder of {@code model} and binds it to the plan of {@code settings}.
     * The int8 layer graphs are built only when the settings route tokens to int8, and the
     * mixed-precision ones only when a layer may hold both kinds of tokens, which saves start-up
     * time and memory.
     *
     * @throws IllegalArgumentException when a threshold is a percentile and the calibration is missing
     */
    public static PooledEncoder quickSilver(EncoderModel model, QuickSilverConfig settings, int threads) {
        Calibration calibration = settings.needsCalibration() ? Calibration.load(model.id(), settings.calibration()) : null;
        if (calibration != null) {
            calibration.requireLayers(model.layers());
        }
        MechanismPlan plan = MechanismPlan.of(settings, model.layers(), calibration);
        Set<Precision> precisions = EnumSet.of(Precision.FP32);
        if (settings.int8()) {
            precisions.add(Precision.INT8);
            if (plan.mayMix()) {
                precisions.add(Precision.MIXED);
            }
        }
        LayerwiseEncoder encoder = LayerwiseEncoder.load(model.id(), model.onnxResource(), precisions,
                settings.fusedNorm(), calibration, settings.int8Smoothing(), threads);
        try {
            encoder.prepare(plan);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
        return new QuickSilverRunner(encoder).withPlan(plan);
    }
}
