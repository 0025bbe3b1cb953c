package org.sentistream.engine.quicksilver.internals;

import org.sentistream.engine.internals.EncoderModel;
import org.sentistream.engine.quicksilver.QuickSilverConfig;

/** Builds the layer-wise QuickSilver encoder of a model under a set of settings. */
public final class PooledEncoders {

    private PooledEncoders() {
    }

    /**
     * Loads the layer-wise encoder of {@code model} and binds it to the plan of {@code settings}.
     * The int8 layer graphs are built only when the settings route tokens to int8.
     *
     * @throws IllegalArgumentException when a threshold is a percentile and the calibration is missing
     */
    public static PooledEncoder quickSilver(EncoderModel model, QuickSilverConfig settings, int threads) {
        Calibration calibration = settings.needsCalibration() ? Calibration.load(model.id(), settings.calibration()) : null;
        MechanismPlan plan = MechanismPlan.of(settings, model.layers(), calibration);
        LayerwiseEncoder encoder = LayerwiseEncoder.load(model.id(), model.onnxResource(), settings.int8(), threads);
        return new QuickSilverRunner(encoder).withPlan(plan);
    }
}
