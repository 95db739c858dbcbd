package dev.kinetic.platform.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kinetic.platform.spec.ModelSpec.Algorithm;
import dev.kinetic.platform.spec.ModelSpec.FeatureType;
import dev.kinetic.platform.spec.ModelSpec.Metric;
import dev.kinetic.platform.spec.ModelSpec.Task;
import dev.kinetic.platform.spec.ModelSpec.UnknownCategory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelSpecsTest {

  private static final String VALID =
      """
      name: churn
      task: classification
      label: churned
      features:
        - name: tenure
          type: numeric
          min: 0
          max: 120
        - name: plan
          type: categorical
          categories: [basic, pro]
      pii: [email]
      trainer:
        algorithm: logistic-regression
      """;

  @Test
  void readsTheExampleSpecs() {
    ModelSpec fraud = ModelSpecs.read(Path.of("../../examples/fraud.yaml"));
    ModelSpec houses = ModelSpecs.read(Path.of("../../examples/house-prices.yaml"));

    assertThat(fraud.task()).isEqualTo(Task.classification);
    assertThat(fraud.pii()).containsExactly("email");
    assertThat(fraud.feature("country").orElseThrow().onUnknown())
        .isEqualTo(UnknownCategory.unknown);
    assertThat(fraud.feature("merchant_risk").orElseThrow().required()).isFalse();
    assertThat(fraud.retraining().cooldown()).isEqualTo(Duration.ofMinutes(2));
    assertThat(fraud.retraining().data())
        .isEqualTo(ModelSpec.RetrainingPolicy.RetrainingData.traffic);
    assertThat(fraud.drift().performance().metric()).isEqualTo(Metric.accuracy);
    assertThat(houses.task()).isEqualTo(Task.regression);
    assertThat(houses.trainer().algorithm()).isEqualTo(Algorithm.LINEAR_SGD);
    assertThat(houses.promotion().metric()).isEqualTo(Metric.rmse);
  }

  @Test
  void fillsDefaultsForOmittedSections() {
    ModelSpec spec = ModelSpecs.parse(VALID, "churn.yaml");

    assertThat(spec.feature("tenure").orElseThrow().type()).isEqualTo(FeatureType.numeric);
    assertThat(spec.feature("tenure").orElseThrow().required()).isTrue();
    assertThat(spec.trainer().seed()).isEqualTo(42L);
    assertThat(spec.trainer().holdoutFraction()).isEqualTo(0.2);
    assertThat(spec.promotion().metric()).isEqualTo(Metric.accuracy);
    assertThat(spec.drift().thresholds().ks()).isEqualTo(0.05);
    assertThat(spec.drift().thresholds().psi()).isEqualTo(0.1);
    assertThat(spec.drift().datasetShare()).isEqualTo(0.5);
    assertThat(spec.retraining().cooldown()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void readsJsonToo() {
    String json =
        """
        {"name": "churn", "task": "regression", "label": "spend",
         "features": [{"name": "tenure", "type": "numeric"}],
         "trainer": {"algorithm": "linear-sgd"}}
        """;

    assertThat(ModelSpecs.parse(json, "churn.json").promotion().metric()).isEqualTo(Metric.rmse);
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        bad("missing name", VALID.replace("name: churn\n", ""), "spec", "name"),
        bad(
            "name not a DNS label",
            VALID.replace("name: churn", "name: Churn Model"),
            "name",
            "pattern"),
        bad(
            "unknown task",
            VALID.replace("task: classification", "task: ranking"),
            "task",
            "enumeration"),
        bad(
            "no features",
            VALID.replaceAll("(?s)features:.*pii", "features: []\npii"),
            "features",
            "at least 1"),
        bad(
            "unknown feature type",
            VALID.replace("type: categorical", "type: text"),
            "features[1].type",
            "enumeration"),
        bad(
            "unknown feature field",
            VALID.replace("min: 0\n", "min: 0\n    colour: red\n"),
            "features[0]",
            "colour"),
        bad(
            "categories on a numeric feature",
            VALID.replace("max: 120\n", "max: 120\n    categories: [a]\n"),
            "features[0].categories",
            ""),
        bad(
            "min above max",
            VALID.replace("min: 0", "min: 200"),
            "features[0].min",
            "above max 120"),
        bad(
            "feature declared twice",
            VALID.replace("name: plan", "name: tenure"),
            "features[1].name",
            "declared twice"),
        bad(
            "label used as feature",
            VALID.replace("name: plan", "name: churned"),
            "features[1].name",
            "is the label"),
        bad(
            "PII column is numeric",
            VALID.replace("pii: [email]", "pii: [tenure]"),
            "pii[0]",
            "numeric feature"),
        bad(
            "PII column has categories",
            VALID.replace("pii: [email]", "pii: [plan]"),
            "pii[0]",
            "categories"),
        bad(
            "PII column is the label",
            VALID.replace("pii: [email]", "pii: [churned]"),
            "pii[0]",
            "is the label"),
        bad(
            "unknown algorithm",
            VALID.replace("logistic-regression", "random-forest"),
            "trainer.algorithm",
            "enumeration"),
        bad(
            "classifier for regression",
            VALID.replace("task: classification", "task: regression"),
            "trainer.algorithm",
            "cannot learn a regression task"),
        bad(
            "holdout fraction out of range",
            VALID + "  holdoutFraction: 1.5\n",
            "trainer.holdoutFraction",
            "1"),
        bad(
            "metric of the other task",
            VALID + "promotion:\n  metric: rmse\n",
            "promotion.metric",
            "does not measure a classification task"),
        bad(
            "malformed duration",
            VALID + "retraining:\n  cooldown: 10 minutes\n",
            "retraining.cooldown",
            "pattern"),
        bad(
            "lastRows without rows",
            VALID + "training:\n  datasets: lastRows\n",
            "training",
            "rows"),
        bad("not YAML", "name: [unclosed", "spec", "not YAML or JSON"),
        bad("empty", "", "spec", "is empty"));
  }

  private static Arguments bad(String name, String yaml, String field, String reason) {
    return Arguments.of(name, yaml, field, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void namesTheFieldAtFault(String name, String yaml, String field, String reason) {
    SpecException error =
        catchThrowableOfType(SpecException.class, () -> ModelSpecs.parse(yaml, "churn.yaml"));

    assertThat(error).as("refused").isNotNull();
    assertThat(error.getMessage()).startsWith("invalid model spec churn.yaml:");
    assertThat(error.violations())
        .as(error.getMessage())
        .anySatisfy(
            violation -> {
              assertThat(violation.location()).isEqualTo(field);
              assertThat(violation.reason()).contains(reason);
            });
  }
}
