package dev.kinetic.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One ONNX model loaded into ONNX Runtime, for graphs with one float input of shape [batch,
 * features] and one float output of shape [batch, outputs], as Tribuo exports them. It owns its
 * session and its options, and closing it frees both. {@link #score} is thread-safe: ORT sessions
 * are stateless, so one is shared by every caller.
 */
public final class OnnxModel implements AutoCloseable {

  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final String input;
  private final int features;

  private OnnxModel(OrtSession.SessionOptions options, OrtSession session, int features) {
    this.options = options;
    this.session = session;
    this.input = session.getInputNames().iterator().next();
    this.features = features;
  }

  /**
   * Loads a model on the CPU.
   *
   * @param features the width of one input row, checked against the graph
   * @throws ScoringException if ORT cannot load the bytes or the graph's input is another width
   */
  public static OnnxModel load(byte[] onnx, int features) {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      // One thread per run: small tabular graphs gain nothing from intra-op parallelism, and
      // concurrent requests already use every core.
      options.setIntraOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx, options);
      OnnxModel model = new OnnxModel(options, session, features);
      model.checkInputWidth();
      return model;
    } catch (OrtException e) {
      options.close();
      throw new ScoringException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
    } catch (ScoringException e) {
      options.close();
      throw e;
    }
  }

  private void checkInputWidth() throws OrtException {
    long[] shape =
        ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
    if (shape.length != 2 || (shape[1] > 0 && shape[1] != features)) {
      session.close();
      throw new ScoringException(
          "the model's input '"
              + input
              + "' has shape "
              + java.util.Arrays.toString(shape)
              + "; the feature encoding has "
              + features
              + " columns");
    }
  }

  public int features() {
    return features;
  }

  /**
   * Scores {@code rows} rows packed row-major in {@code batch}.
   *
   * @return the outputs, row-major: {@code rows} rows of the model's output width
   */
  public float[] score(float[] batch, int rows) {
    if (batch.length != rows * features) {
      throw new IllegalArgumentException(
          "a batch of " + rows + " rows needs " + rows * features + " values, got " + batch.length);
    }
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OnnxTensor tensor =
            OnnxTensor.createTensor(
                environment, FloatBuffer.wrap(batch), new long[] {rows, features});
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      OnnxValue output = result.get(0);
      float[][] matrix = (float[][]) output.getValue();
      int width = rows == 0 ? 0 : matrix[0].length;
      float[] flat = new float[rows * width];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(matrix[r], 0, flat, r * width, width);
      }
      return flat;
    } catch (OrtException e) {
      throw new ScoringException("ONNX Runtime failed to score: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new ScoringException("closing the ONNX session failed", e);
    } finally {
      options.close();
    }
  }
}
