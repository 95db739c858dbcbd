package dev.kinetic.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.kinetic.examples.FraudData;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.dataset.RowReader;
import dev.kinetic.platform.features.FeatureEncoding;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpecs;
import dev.kinetic.scoring.Device;
import dev.kinetic.scoring.OnnxModel;
import dev.kinetic.scoring.ScoringException;
import dev.kinetic.scoring.SessionSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Device selection on a machine without CUDA, with the CPU build of ONNX Runtime, and the session
 * settings.
 */
class OnnxDeviceTest {

  static byte[] onnx;
  static int width;

  @BeforeAll
  static void train() {
    ModelSpec spec = ModelSpecs.parse(new FraudData().spec(), "fraud");
    List<Map<String, String>> rows = OnnxExportTest.rows(new FraudData(), 300, 1);
    FeatureEncoding encoding =
        FeatureEncoding.fit(spec, DatasetProfile.of(spec, () -> RowReader.of(rows)));
    onnx = new TribuoTrainer(spec, encoding, null).train(rows, "test").onnx();
    width = encoding.width();
  }

  @Test
  void autoFallsBackToTheCpuWithoutCuda() {
    try (OnnxModel model = OnnxModel.load(onnx, width, Device.auto)) {
      assertThat(model.device()).isEqualTo(Device.cpu);
      assertThat(model.score(new float[width], 1)).hasSize(2);
    }
    // The CPU build has no CUDA provider to try. The gpu build tries it and fails for want of a
    // GPU or of CUDA's libraries ("Failed to load shared library" here), not for want of ONNX
    // Runtime's environment, as it did when the provider was added before there was one.
    String why = OnnxModel.cudaUnavailable().orElseThrow();
    if (OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      assertThat(why).isNotBlank().doesNotContain("DefaultLogger");
    } else {
      assertThat(why).isEqualTo("this build of ONNX Runtime has no CUDA provider");
    }
    // A second model (a hot swap, say) goes straight to the CPU.
    try (OnnxModel model = OnnxModel.load(onnx, width, Device.auto)) {
      assertThat(model.device()).isEqualTo(Device.cpu);
      assertThat(model.score(new float[width], 1)).hasSize(2);
    }
  }

  @Test
  void cudaFailsFastWithoutIt() {
    // after auto has found CUDA missing, cuda still tries, and fails with its message
    OnnxModel.load(onnx, width, Device.auto).close();
    assertThatThrownBy(() -> OnnxModel.load(onnx, width, Device.cuda))
        .isInstanceOf(ScoringException.class)
        .hasMessageStartingWith("kinetic.inference.device=cuda, but ONNX Runtime's CUDA provider")
        .hasMessageContaining("set device=auto");
  }

  @Test
  void sessionSettingsChangeHowAModelRunsNotWhatItAnswers() {
    float[] rows = new float[3 * width];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (i % 5) * 0.3f;
    }
    try (OnnxModel defaults = OnnxModel.load(onnx, width, Device.cpu);
        OnnxModel threaded =
            OnnxModel.load(onnx, width, Device.cpu, new SessionSettings(2, true, false))) {
      assertThat(threaded.score(rows, 3)).containsExactly(defaults.score(rows, 3));
    }
    assertThatThrownBy(() -> new SessionSettings(0, false, false))
        .hasMessage("a session needs at least one intra-op thread, got 0");
  }

  @Test
  void refusesAGraphWhoseOutputWidthIsNotFixed() {
    // the input passed through, neither of them with a fixed width (ONNX Runtime would infer a
    // fixed output width from a fixed input width)
    OnnxMl.ModelProto identity =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(8)
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
            .setGraph(
                OnnxMl.GraphProto.newBuilder()
                    .setName("identity")
                    .addNode(
                        OnnxMl.NodeProto.newBuilder()
                            .setOpType("Identity")
                            .addInput("input")
                            .addOutput("output"))
                    .addInput(floats("input", "features"))
                    .addOutput(floats("output", "columns")))
            .build();

    assertThatThrownBy(() -> OnnxModel.load(identity.toByteArray(), width, Device.cpu))
        .isInstanceOf(ScoringException.class)
        .hasMessage(
            "the model's output 'output' has shape [-1, -1]; scoring needs [rows, outputs] with a"
                + " fixed number of outputs");
  }

  /** A float tensor of [rows, {@code columns}], both sizes named rather than fixed. */
  private static OnnxMl.ValueInfoProto floats(String name, String columns) {
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(
                            OnnxMl.TensorShapeProto.newBuilder()
                                .addDim(
                                    OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                        .setDimParam("rows"))
                                .addDim(
                                    OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                        .setDimParam(columns)))))
        .build();
  }

  @Test
  void cpuIsTheCpu() {
    try (OnnxModel model = OnnxModel.load(onnx, width, Device.cpu)) {
      assertThat(model.device()).isEqualTo(Device.cpu);
    }
  }
}
