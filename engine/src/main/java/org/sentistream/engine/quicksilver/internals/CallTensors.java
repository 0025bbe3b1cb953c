package org.sentistream.engine.quicksilver.internals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The tensors of one ORT call over the reused direct buffers of a {@link Workspace}. Closing it
 * closes every tensor it created, on the error paths too.
 */
final class CallTensors implements AutoCloseable {

    private final OrtEnvironment environment;
    private final List<OnnxTensor> tensors = new ArrayList<>();

    CallTensors(OrtEnvironment environment) {
        this.environment = environment;
    }

    OnnxTensor of(FloatBuffer data, long... shape) throws OrtException {
        return keep(OnnxTensor.createTensor(environment, data, shape));
    }

    OnnxTensor of(LongBuffer data, long... shape) throws OrtException {
        return keep(OnnxTensor.createTensor(environment, data, shape));
    }

    private OnnxTensor keep(OnnxTensor tensor) {
        tensors.add(tensor);
        return tensor;
    }

    @Override
    public void close() {
        for (OnnxTensor tensor : tensors) {
            tensor.close();
        }
        tensors.clear();
    }
}
