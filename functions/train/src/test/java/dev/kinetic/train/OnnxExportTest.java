package dev.kinetic.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.examples.ExampleData;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.dataset.RowReader;
import dev.kinetic.platform.features.FeatureEncoding;
import dev.kinetic.platform.features.LabelScaling;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpecs;
import dev.kinetic.scoring.OnnxModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exported graph predicts what Tribuo predicts, for every example spec. */
class OnnxExportTest {

  static List<Map<String, String>> rows(ExampleData data, int count, long seed) {
    return data.rows(count, seed, Scenario.training).stream()
        .map(
            row -> {
              Map<String, String> text = new LinkedHashMap<>();
              row.forEach(
                  (column, value) -> text.put(column, value == null ? "" : value.toString()));
              return text;
            })
        .toList();
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
    "fraud, logistic-regression",
    "fraud, linear-sgd",
    "fraud, factorization-machine",
    "house-prices, linear-sgd",
    "house-prices, factorization-machine"
  })
  void onnxRuntimeMatchesTribuoOnTheHoldout(String model, String algorithm) {
    ExampleData data = ExampleData.of(model);
    // The example's spec with another trainer: later YAML keys replace earlier ones.
    ModelSpec spec =
        ModelSpecs.parse(
            data.spec() + "\ntrainer: {algorithm: " + algorithm + ", parameters: {epochs: 5}}\n",
            model);
    List<Map<String, String>> train = rows(data, 2000, 1);
    List<Map<String, String>> holdout = rows(data, 500, 2);
    FeatureEncoding encoding =
        FeatureEncoding.fit(spec, DatasetProfile.of(spec, () -> RowReader.of(train)));
    DatasetProfile profile = DatasetProfile.of(spec, () -> RowReader.of(train));
    LabelScaling scaling =
        spec.task() == ModelSpec.Task.regression
            ? LabelScaling.fit(profile.numeric().get(spec.label()))
            : null;
    TribuoTrainer trainer = new TribuoTrainer(spec, encoding, scaling);

    TribuoTrainer.Trained trained = trainer.train(train, "test");
    double[] tribuo = trainer.predict(trained.model(), holdout);
    float[] ort;
    try (OnnxModel onnx = OnnxModel.load(trained.onnx(), encoding.width())) {
      ort = onnx.score(encoding.encodeFloats(holdout), holdout.size());
      assertThat(onnx.score(new float[0], 0)).isEmpty();
    }

    assertThat(ort).hasSameSizeAs(tribuo);
    double worst = 0;
    double scale = 1;
    for (int i = 0; i < tribuo.length; i++) {
      worst = Math.max(worst, Math.abs(tribuo[i] - ort[i]));
      scale = Math.max(scale, Math.abs(tribuo[i]));
    }
    System.out.printf(
        "%s %s: max |ORT - Tribuo| = %.3g (largest output %.3g)%n", model, algorithm, worst, scale);
    assertThat(worst / scale).isLessThanOrEqualTo(1e-5);
  }
}
