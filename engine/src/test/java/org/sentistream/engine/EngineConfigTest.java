package org.sentistream.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EngineConfigTest {

    @Test
    void windowAbovePositionLimitRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EngineConfig(EngineConfig.DEFAULT_ENCODER, null, 2, 100_000, 32));

        assertTrue(e.getMessage().contains("between 8 and 512"), e.getMessage());
        assertTrue(e.getMessage().contains("100000"), e.getMessage());
    }

    @Test
    void windowLimitsAccepted() {
        assertEquals(512, new EngineConfig(EngineConfig.DEFAULT_ENCODER, null, 2, 512, 32).maxTokens());
        assertEquals(8, new EngineConfig(EngineConfig.DEFAULT_ENCODER, null, 2, 8, 32).maxTokens());
    }
}
