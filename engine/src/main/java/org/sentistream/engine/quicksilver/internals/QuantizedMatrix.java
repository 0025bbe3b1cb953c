package org.sentistream.engine.quicksilver.internals;

/**
 * Symmetric int8 quantization of a weight matrix with one scale per output column, as ONNX
 * Runtime's dynamic quantization does for MatMul weights.
 *
 * @param values {@code [rows][columns]} row-major int8 values
 * @param columnScales weight of one int8 step per column
 */
record QuantizedMatrix(byte[] values, float[] columnScales) {

    static QuantizedMatrix of(EncoderWeights.Matrix matrix) {
        int rows = matrix.rows();
        int columns = matrix.columns();
        float[] w = matrix.values();
        float[] scales = new float[columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                scales[c] = Math.max(scales[c], Math.abs(w[r * columns + c]));
            }
        }
        for (int c = 0; c < columns; c++) {
            scales[c] = scales[c] == 0 ? 1f : scales[c] / 127f;
        }

        byte[] values = new byte[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int q = Math.round(w[r * columns + c] / scales[c]);
                values[r * columns + c] = (byte) Math.max(-127, Math.min(127, q));
            }
        }
        return new QuantizedMatrix(values, scales);
    }
}
