package dev.kinetic.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX model loaded into ONNX Runtime, for graphs with one float input of shape [batch,
 * features] and one float output of shape [batch, outputs], as Tribuo exports them. It owns its
 * session and its options, and closing it frees both. {@link #score} is thread-safe: ORT sessions
 * are stateless, so one is shared by every caller.
 */
public final class OnnxModel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OnnxModel.class);

  /** What {@code cuda} says when the CUDA provider cannot be loaded. */
  static final String NO_CUDA =
      "kinetic.inference.device=cuda, but ONNX Runtime's CUDA provider cannot be loaded (%s). It"
          + " needs the gpu build (-Pgpu, onnxruntime_gpu), an NVIDIA GPU with CUDA 12 and cuDNN 9;"
          + " set device=auto to fall back to the CPU";

  static {
    NativeLibraries.prepare(); // before ONNX Runtime loads them
  }

  /**
   * Why CUDA's provider could not be loaded, once a load with {@code auto} found out. It will not
   * load later in the same process, so later loads (each hot swap) go to the CPU without trying
   * again and without repeating the warning.
   */
  private static volatile String cudaUnavailable;

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final String input;
  private final String output;
  private final int features;
  private final int outputs;
  private final Device device;

  private OnnxModel(
      OrtSession.SessionOptions options,
      OrtSession session,
      int features,
      int outputs,
      Device device) {
    this.options = options;
    this.session = session;
    this.input = session.getInputNames().iterator().next();
    this.output = session.getOutputNames().iterator().next();
    this.features = features;
    this.outputs = outputs;
    this.device = device;
  }

  /**
   * Loads a model on the CPU.
   *
   * @param features the width of one input row, checked against the graph
   * @throws ScoringException if ORT cannot load the bytes or the graph's input is another width
   */
  public static OnnxModel load(byte[] onnx, int features) {
    return load(onnx, features, Device.cpu);
  }

  /**
   * Loads a model on {@code device}.
   *
   * @throws ScoringException also when {@code device} is {@code cuda} and CUDA cannot be used
   */
  public static OnnxModel load(byte[] onnx, int features, Device device) {
    return load(onnx, features, device, SessionSettings.DEFAULTS);
  }

  /**
   * Loads a model on {@code device}, its session set up as {@code settings} say.
   *
   * @throws ScoringException also when {@code device} is {@code cuda} and CUDA cannot be used
   */
  public static OnnxModel load(byte[] onnx, int features, Device device, SessionSettings settings) {
    // First: loading CUDA's provider logs through the environment's logger, and before there is an
    // environment it fails on that ("Attempt to use DefaultLogger but none has been registered").
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    Device chosen = Device.cpu;
    OrtSession.SessionOptions options = cpuOptions(settings);
    if (device == Device.cuda || (device == Device.auto && cudaUnavailable == null)) {
      try {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
          // ONNX Runtime's own error for it ("Failed to find CUDA shared provider") says less
          throw new IllegalStateException("this build of ONNX Runtime has no CUDA provider");
        }
        options.addCUDA(0);
        chosen = Device.cuda;
      } catch (OrtException | RuntimeException | LinkageError e) {
        options.close();
        if (device == Device.cuda) {
          throw new ScoringException(String.format(NO_CUDA, e.getMessage()), e);
        }
        cudaUnavailable = e.getMessage();
        log.warn(
            "CUDA is not available ({}); this process scores every model on the CPU",
            e.getMessage());
        options = cpuOptions(settings);
      }
    }
    try {
      OrtSession session = environment.createSession(onnx, options);
      return new OnnxModel(options, session, features, outputWidth(session, features), chosen);
    } catch (OrtException e) {
      options.close();
      throw new ScoringException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
    } catch (ScoringException e) {
      options.close();
      throw e;
    }
  }

  private static OrtSession.SessionOptions cpuOptions(SessionSettings settings) {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setIntraOpNumThreads(settings.intraOpThreads());
      if (!settings.spinning()) {
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      options.setCPUArenaAllocator(settings.memoryArena());
      options.setMemoryPatternOptimization(settings.memoryArena());
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return options;
    } catch (OrtException e) {
      options.close();
      throw new ScoringException("ONNX Runtime refused the session options: " + e.getMessage(), e);
    }
  }

  /** Why CUDA cannot be used in this process, once a load with {@code auto} has found out. */
  public static Optional<String> cudaUnavailable() {
    return Optional.ofNullable(cudaUnavailable);
  }

  /** Where the model runs: {@code cpu} or {@code cuda}. */
  public Device device() {
    return device;
  }

  /**
   * Checks the graph's input against the feature encoding and returns its output's width: scores
   * are written straight into a buffer of that size. Closes the session if the graph does not fit.
   */
  private static int outputWidth(OrtSession session, int features) throws OrtException {
    String input = session.getInputNames().iterator().next();
    long[] in = ((TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
    if (in.length != 2 || (in[1] > 0 && in[1] != features)) {
      session.close();
      throw new ScoringException(
          "the model's input '"
              + input
              + "' has shape "
              + Arrays.toString(in)
              + "; the feature encoding has "
              + features
              + " columns");
    }
    String output = session.getOutputNames().iterator().next();
    long[] out = ((TensorInfo) session.getOutputInfo().get(output).getInfo()).getShape();
    if (out.length != 2 || out[1] <= 0) {
      session.close();
      throw new ScoringException(
          "the model's output '"
              + output
              + "' has shape "
              + Arrays.toString(out)
              + "; scoring needs [rows, outputs] with a fixed number of outputs");
    }
    return (int) out[1];
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
    if (rows == 0) {
      return new float[0];
    }
    // Native buffers for both ends, freed when the call ends: ONNX Runtime reads the rows where
    // they are and writes the scores into a buffer given to it. Its Java API otherwise copies a
    // heap array into a new direct buffer and builds the output as a Java array per row through
    // JNI, looking up the classes again on every call: three times the run itself at 256 rows.
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment rowsIn = arena.allocate(ValueLayout.JAVA_FLOAT, batch.length);
      MemorySegment.copy(batch, 0, rowsIn, ValueLayout.JAVA_FLOAT, 0, batch.length);
      MemorySegment scoresOut = arena.allocate(ValueLayout.JAVA_FLOAT, (long) rows * outputs);
      try (OnnxTensor x = tensor(rowsIn, rows, features);
          OnnxTensor y = tensor(scoresOut, rows, outputs);
          OrtSession.Result _ = session.run(Map.of(input, x), Map.of(output, y))) {
        return scoresOut.toArray(ValueLayout.JAVA_FLOAT);
      }
    } catch (OrtException e) {
      throw new ScoringException("ONNX Runtime failed to score: " + e.getMessage(), e);
    }
  }

  private OnnxTensor tensor(MemorySegment floats, int rows, int columns) throws OrtException {
    return OnnxTensor.createTensor(
        environment,
        floats.asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer(),
        new long[] {rows, columns});
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
