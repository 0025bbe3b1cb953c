package org.sentistream.engine.quicksilver.internals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Direct buffers reused from one ORT call to the next, one per input or output name. ORT reads a
 * direct buffer in place and writes pinned outputs straight into one, so no tensor is copied
 * between Java and native memory. A buffer only grows. Not thread-safe.
 */
final class Workspace {

    private final Map<String, FloatBuffer> floats = new HashMap<>();
    private final Map<String, LongBuffer> longs = new HashMap<>();

    /** Returns the float buffer named {@code name} with position 0 and limit {@code size}. */
    FloatBuffer floats(String name, int size) {
        FloatBuffer buffer = floats.get(name);
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Math.max(size, 1024) * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            floats.put(name, buffer);
        }
        buffer.clear().limit(size);
        return buffer;
    }

    /** Returns the long buffer named {@code name} with position 0 and limit {@code size}. */
    LongBuffer longs(String name, int size) {
        LongBuffer buffer = longs.get(name);
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Math.max(size, 256) * Long.BYTES).order(ByteOrder.nativeOrder())
                    .asLongBuffer();
            longs.put(name, buffer);
        }
        buffer.clear().limit(size);
        return buffer;
    }
}
