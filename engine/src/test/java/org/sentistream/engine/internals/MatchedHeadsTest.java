package org.sentistream.engine.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sentistream.engine.quicksilver.QuickSilverConfig;
import org.sentistream.engine.quicksilver.QuickSilverPreset;

/**
 * Checks that each bundled matched head was trained on its preset's present settings. A preset
 * changed without retraining its heads would feed them pooled states they never saw.
 */
class MatchedHeadsTest {

    @ParameterizedTest
    @EnumSource(value = QuickSilverPreset.class, names = "OFF", mode = EnumSource.Mode.EXCLUDE)
    void matchedHeadsRecordTheirPresetSettings(QuickSilverPreset preset) {
        for (EncoderModel encoder : EncoderModel.values()) {
            for (String name : HeadFiles.BUNDLED_HEADS) {
                String matched = name + "-" + preset.id();
                HeadFiles.LoadedHead head = HeadFiles.loadBundled(encoder, matched).orElseThrow(
                        () -> new AssertionError("Bundled head " + matched + " of encoder " + encoder.id() + " is missing"));
                Object recorded = head.definition().training().get("quicksilver");
                assertTrue(recorded instanceof Map, encoder.id() + "/" + matched + " records no QuickSilver settings");

                // Keys added after a head was trained take the preset's value, so only changed settings fail.
                Map<String, String> settings = new HashMap<>();
                ((Map<?, ?>) recorded).forEach((key, value) -> settings.put(key.toString(), value.toString()));
                assertEquals(preset.config(), QuickSilverConfig.fromProperties(settings),
                        encoder.id() + "/" + matched + " was trained on other settings than preset " + preset.id()
                                + "; retrain it with the command in its training.command");
            }
        }
    }
}
