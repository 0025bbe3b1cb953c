package org.sentistream.engine.quicksilver.internals;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.AttributeProto;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.GraphProto;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.ModelProto;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.NodeProto;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.OperatorSetIdProto;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.TensorProto;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.TensorShapeProto;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.TypeProto;
import org.sentistream.engine.quicksilver.internals.onnx.Onnx.ValueInfoProto;

/**
 * Builds a small ONNX graph node by node. Every intermediate value gets a fresh name, so callers
 * chain the names that {@link #node} returns. Graphs target IR version 8 and opset 17.
 */
final class GraphBuilder {

    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;
    static final int INT8 = TensorProto.DataType.INT8_VALUE;

    private static final long IR_VERSION = 8;
    private static final long OPSET = 17;
    private static final String CONTRIB_DOMAIN = "com.microsoft";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;
    private boolean usesContrib;

    GraphBuilder(String name) {
        graph.setName(name);
    }

    /** Declares a graph input; a null dimension name or a negative size makes that axis dynamic. */
    void input(String name, int elementType, Object... dims) {
        graph.addInput(valueInfo(name, elementType, dims));
    }

    void output(String name, int elementType, Object... dims) {
        graph.addOutput(valueInfo(name, elementType, dims));
    }

    private static ValueInfoProto valueInfo(String name, int elementType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            if (dim instanceof Number number) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(number.longValue()));
            } else {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(String.valueOf(dim)));
            }
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(elementType).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor))
                .build();
    }

    /** Adds a float initializer and returns its name. */
    String floats(String hint, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return initializer(hint, FLOAT, bytes.array(), dims);
    }

    /** Adds an int8 initializer and returns its name. */
    String int8s(String hint, byte[] values, long... dims) {
        return initializer(hint, INT8, values, dims);
    }

    /** Adds an int64 initializer and returns its name. */
    String longs(String hint, long[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return initializer(hint, INT64, bytes.array(), dims);
    }

    /** Adds a float scalar initializer and returns its name. */
    String scalar(String hint, float value) {
        return floats(hint, new float[] {value});
    }

    private String initializer(String hint, int type, byte[] raw, long... dims) {
        String name = fresh(hint);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(raw));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /** Adds a node with one output and returns the output's name. */
    String node(String op, List<String> inputs, AttributeProto... attributes) {
        return nodeOutputs(op, inputs, 1, attributes).get(0);
    }

    String node(String op, String input, AttributeProto... attributes) {
        return node(op, List.of(input), attributes);
    }

    String node(String op, String first, String second, AttributeProto... attributes) {
        return node(op, List.of(first, second), attributes);
    }

    /** Adds a node of ONNX Runtime's contrib domain with one output and returns the output's name. */
    String contribNode(String op, List<String> inputs, AttributeProto... attributes) {
        usesContrib = true;
        String output = nodeOutputs(op, inputs, 1, attributes).get(0);
        NodeProto.Builder node = graph.getNodeBuilder(graph.getNodeCount() - 1);
        node.setDomain(CONTRIB_DOMAIN);
        return output;
    }

    /** Adds a node with {@code outputs} outputs and returns their names. */
    List<String> nodeOutputs(String op, List<String> inputs, int outputs, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(fresh(op));
        node.addAllInput(inputs);
        List<String> names = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            String name = fresh(op.toLowerCase() + "_out");
            names.add(name);
            node.addOutput(name);
        }
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return names;
    }

    /** Adds an Identity node that gives {@code value} the graph output name {@code name}. */
    void rename(String value, String name) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(fresh("Identity"))
                .addInput(value).addOutput(name));
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    private String fresh(String hint) {
        return hint + "_" + counter++;
    }

    /** Returns the serialized model. */
    byte[] toBytes() {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("sentistream-quicksilver")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        if (usesContrib) {
            model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(CONTRIB_DOMAIN).setVersion(1));
        }
        return model.setGraph(graph).build().toByteArray();
    }
}
