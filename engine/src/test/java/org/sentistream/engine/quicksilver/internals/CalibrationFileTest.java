package org.sentistream.engine.quicksilver.internals;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.engine.internals.EncoderModel;

class CalibrationFileTest {

    @TempDir
    Path dir;

    @Test
    void missingFileNamesTheKey() {
        String file = dir.resolve("absent.json").toString();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.load("e5-small-v2", file));

        assertTrue(e.getMessage().contains("quicksilver.calibration"), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void truncatedFileNamesTheCause() throws IOException {
        Path file = dir.resolve("truncated.json");
        Files.writeString(file, "{\"format\" : 1, \"encoder\" : \"e5-small-v2\", \"relativeDrift\" : [ [ 0.1, ",
                StandardCharsets.UTF_8);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.load("e5-small-v2", file.toString()));

        assertTrue(e.getMessage().contains("quicksilver.calibration"), e.getMessage());
        assertTrue(e.getMessage().contains("end-of-input"), e.getMessage());
    }

    @Test
    void layerCountOfAnotherModelRejected() {
        Calibration sixLayers = Calibration.load(EncoderModel.ALL_MINILM_L6_V2.id(), null);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sixLayers.requireLayers(12));

        assertTrue(e.getMessage().contains("has 6 layers of relativeDrift, expected 12"), e.getMessage());
    }

    @Test
    void overflowingChannelMaximumRejected() {
        EncoderModel model = EncoderModel.ALL_MINILM_L6_V2;
        Calibration bundled = Calibration.load(model.id(), null);
        Map<String, List<float[]>> maxima = new HashMap<>(bundled.projectionInputMax());
        List<float[]> output = new ArrayList<>(maxima.get(SmoothedInput.OUTPUT.key()));
        float[] damaged = output.get(0).clone();
        damaged[7] = 1e30f;
        output.set(0, damaged);
        maxima.put(SmoothedInput.OUTPUT.key(), output);
        Calibration edited = new Calibration(bundled.format(), bundled.encoder(), bundled.texts(), bundled.source(),
                bundled.relativeDrift(), bundled.absoluteDrift(), bundled.adjacentCosine(), bundled.keyAttention(), maxima);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Smoothing.of(EncoderWeights.fromResource(model.onnxResource()), edited, 0.7));

        assertTrue(e.getMessage().contains("Invalid channel maximum 1.0E30"), e.getMessage());
    }
}
