package org.sentistream.engine.quicksilver.internals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.GraphProto;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.ModelProto;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.NodeProto;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.TensorProto;

/**
 * Weights of a BERT-style encoder read from its ONNX export. The export names its weight matrices
 * anonymously ({@code onnx::MatMul_787}), so each one is found through the node that consumes it:
 * the MatMul nodes with a constant right operand come six per layer in graph order (query, key,
 * value, attention output, intermediate, output), each followed by an Add with its bias, and the
 * layer norms are the Mul and Add nodes with a constant vector of the hidden size.
 *
 * @param hiddenSize width of the hidden states
 * @param heads attention heads per layer
 * @param attentionScale divisor of the attention scores, the square root of the head size
 * @param layerNormEpsilon epsilon added to the variance in every layer norm
 * @param wordEmbeddings {@code [vocabulary][hiddenSize]} row-major
 * @param positionEmbeddings {@code [positions][hiddenSize]} row-major
 * @param tokenTypeEmbedding embedding of token type 0, {@code [hiddenSize]}
 * @param embeddingNorm layer norm after the embeddings
 * @param layers encoder layers in order
 */
record EncoderWeights(int hiddenSize, int heads, float attentionScale, float layerNormEpsilon,
        Matrix wordEmbeddings, Matrix positionEmbeddings, float[] tokenTypeEmbedding, Norm embeddingNorm,
        List<Layer> layers) {

    /** A row-major {@code [rows][columns]} matrix. */
    record Matrix(int rows, int columns, float[] values) {
    }

    /** A dense projection {@code x W + b} with {@code W} of shape {@code [in][out]}. */
    record Linear(Matrix weight, float[] bias) {
    }

    /** Layer norm scale and shift. */
    record Norm(float[] scale, float[] shift) {
    }

    /** The weights of one encoder layer. */
    record Layer(Linear query, Linear key, Linear value, Linear attentionOutput, Norm attentionNorm,
            Linear intermediate, Linear output, Norm outputNorm) {
    }

    private static final int MATMULS_PER_LAYER = 6;

    /** Reads the ONNX model at classpath {@code resource}. */
    static EncoderWeights fromResource(String resource) {
        try (InputStream in = EncoderWeights.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Model resource " + resource + " is missing from the classpath");
            }
            return extract(ModelProto.parseFrom(in), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read ONNX model " + resource, e);
        }
    }

    /**
     * Extracts the weights of {@code model}.
     *
     * @throws IllegalArgumentException if the graph does not have the structure of a BERT export
     */
    static EncoderWeights extract(ModelProto model, String source) {
        GraphProto graph = model.getGraph();
        Map<String, TensorProto> initializers = new HashMap<>();
        for (TensorProto tensor : graph.getInitializerList()) {
            initializers.put(tensor.getName(), tensor);
        }
        Map<String, TensorProto> constants = new HashMap<>(initializers);
        Map<String, List<NodeProto>> consumers = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Constant") && node.getAttributeCount() > 0) {
                constants.put(node.getOutput(0), node.getAttribute(0).getT());
            }
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }

        Matrix word = null;
        Matrix position = null;
        float[] tokenType = null;
        List<Linear> linears = new ArrayList<>();
        List<Norm> norms = new ArrayList<>();
        float scale = Float.NaN;
        float epsilon = Float.NaN;
        int hidden = -1;

        for (NodeProto node : graph.getNodeList()) {
            switch (node.getOpType()) {
                case "Gather" -> {
                    TensorProto table = initializers.get(node.getInput(0));
                    if (table == null || table.getDimsCount() != 2) {
                        break;
                    }
                    Matrix matrix = matrix(table);
                    hidden = matrix.columns();
                    if (node.getName().contains("word") || matrix.rows() > 4096) {
                        word = matrix;
                    } else if (node.getName().contains("token_type") || matrix.rows() <= 16) {
                        tokenType = java.util.Arrays.copyOf(matrix.values(), matrix.columns());
                    } else {
                        position = matrix;
                    }
                }
                case "MatMul" -> {
                    TensorProto weight = initializers.get(node.getInput(1));
                    if (weight == null) {
                        if (Float.isNaN(scale)) {
                            scale = attentionScale(node, consumers, constants);
                        }
                        break;
                    }
                    linears.add(new Linear(matrix(weight), bias(node.getOutput(0), consumers, initializers, source)));
                }
                case "Mul" -> {
                    TensorProto gamma = initializers.get(node.getInput(1));
                    if (gamma == null || gamma.getDimsCount() != 1 || !followsNormalization(node, graph)) {
                        break;
                    }
                    float[] shift = bias(node.getOutput(0), consumers, initializers, source);
                    norms.add(new Norm(floats(gamma), shift));
                }
                case "Sqrt" -> {
                    if (Float.isNaN(epsilon)) {
                        epsilon = normEpsilon(node, graph, constants);
                    }
                }
                default -> {
                }
            }
        }

        if (word == null || position == null || tokenType == null || linears.isEmpty()
                || linears.size() % MATMULS_PER_LAYER != 0 || norms.size() != 1 + 2 * linears.size() / MATMULS_PER_LAYER
                || Float.isNaN(scale)) {
            throw new IllegalArgumentException("ONNX model " + source + " does not look like a BERT encoder export: found "
                    + linears.size() + " weight MatMuls, " + norms.size() + " layer norms, embeddings "
                    + (word != null) + "/" + (position != null) + "/" + (tokenType != null)
                    + ", attention scale " + scale);
        }

        int headSize = Math.round(scale * scale);
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < linears.size() / MATMULS_PER_LAYER; l++) {
            List<Linear> m = linears.subList(l * MATMULS_PER_LAYER, (l + 1) * MATMULS_PER_LAYER);
            layers.add(new Layer(m.get(0), m.get(1), m.get(2), m.get(3), norms.get(1 + 2 * l), m.get(4), m.get(5),
                    norms.get(2 + 2 * l)));
        }
        return new EncoderWeights(hidden, hidden / headSize, scale, Float.isNaN(epsilon) ? 1e-12f : epsilon,
                word, position, tokenType, norms.get(0), layers);
    }

    /** Returns the Add-with-constant that consumes {@code value}: the bias of a MatMul or the shift of a norm. */
    private static float[] bias(String value, Map<String, List<NodeProto>> consumers,
            Map<String, TensorProto> initializers, String source) {
        for (NodeProto consumer : consumers.getOrDefault(value, List.of())) {
            if (!consumer.getOpType().equals("Add")) {
                continue;
            }
            for (String input : consumer.getInputList()) {
                TensorProto tensor = initializers.get(input);
                if (tensor != null && tensor.getDimsCount() == 1) {
                    return floats(tensor);
                }
            }
        }
        throw new IllegalArgumentException("ONNX model " + source + ": no bias Add found after " + value);
    }

    private static boolean followsNormalization(NodeProto mul, GraphProto graph) {
        String input = mul.getInput(0);
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOutputCount() > 0 && node.getOutput(0).equals(input)) {
                return node.getOpType().equals("Div");
            }
        }
        return false;
    }

    /** Reads the constant that divides the attention scores, which follows the first activation MatMul. */
    private static float attentionScale(NodeProto matMul, Map<String, List<NodeProto>> consumers,
            Map<String, TensorProto> constants) {
        for (NodeProto consumer : consumers.getOrDefault(matMul.getOutput(0), List.of())) {
            if (consumer.getOpType().equals("Div") && constants.containsKey(consumer.getInput(1))) {
                return floats(constants.get(consumer.getInput(1)))[0];
            }
            if (consumer.getOpType().equals("Mul") && constants.containsKey(consumer.getInput(1))) {
                return 1f / floats(constants.get(consumer.getInput(1)))[0];
            }
        }
        return Float.NaN;
    }

    private static float normEpsilon(NodeProto sqrt, GraphProto graph, Map<String, TensorProto> constants) {
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Add") && node.getOutput(0).equals(sqrt.getInput(0))) {
                for (String input : node.getInputList()) {
                    TensorProto constant = constants.get(input);
                    if (constant != null && floats(constant).length == 1) {
                        return floats(constant)[0];
                    }
                }
            }
        }
        return Float.NaN;
    }

    private static Matrix matrix(TensorProto tensor) {
        return new Matrix((int) tensor.getDims(0), (int) tensor.getDims(1), floats(tensor));
    }

    static float[] floats(TensorProto tensor) {
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("Tensor " + tensor.getName() + " has data type " + tensor.getDataType()
                    + ", expected float (1)");
        }
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer bytes = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }
}
