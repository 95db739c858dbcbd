package dev.kinetic.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

  static final List<String> LABELS = List.of("no", "yes");

  @Test
  void scoresAPerfectClassifier() {
    float[] scores = {0.9f, 0.1f, 0.2f, 0.8f, 0.7f, 0.3f};

    Map<String, Double> metrics =
        Metrics.classification(LABELS, scores, List.of("no", "yes", "no"));

    assertThat(metrics.get("accuracy")).isEqualTo(1.0);
    assertThat(metrics.get("macro_f1")).isEqualTo(1.0);
    assertThat(metrics.get("auc")).isEqualTo(1.0);
    assertThat(metrics.get("log_loss"))
        .isCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.7)) / 3, within(1e-6));
  }

  @Test
  void matchesHandComputedValues() {
    // predictions: yes, yes, no, no; truth: yes, no, no, yes
    float[] scores = {0.4f, 0.6f, 0.3f, 0.7f, 0.8f, 0.2f, 0.55f, 0.45f};

    Map<String, Double> metrics =
        Metrics.classification(LABELS, scores, List.of("yes", "no", "no", "yes"));

    assertThat(metrics.get("accuracy")).isEqualTo(0.5);
    assertThat(metrics.get("macro_f1")).isCloseTo(0.5, within(1e-12));
    // yes-scores 0.6, 0.7, 0.2, 0.45; positives 0.6 and 0.45 beat one negative each of two: 2/4
    assertThat(metrics.get("auc")).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void leavesOutAucWhenTheHoldoutHasOneClass() {
    Map<String, Double> metrics =
        Metrics.classification(LABELS, new float[] {0.9f, 0.1f}, List.of("no"));

    assertThat(metrics).doesNotContainKey("auc");
  }

  @Test
  void leavesOutLogLossWhenScoresAreMarginsNotProbabilities() {
    Map<String, Double> metrics =
        Metrics.classification(
            LABELS, new float[] {2.5f, -1.0f, -0.5f, 3.0f}, List.of("no", "yes"));

    assertThat(metrics).containsKeys("accuracy", "auc").doesNotContainKey("log_loss");
  }

  @Test
  void measuresRegressionErrors() {
    Map<String, Double> metrics = Metrics.regression(new float[] {2, 4, 6}, new double[] {1, 4, 7});

    assertThat(metrics.get("rmse")).isCloseTo(Math.sqrt(2.0 / 3), within(1e-9));
    assertThat(metrics.get("mae")).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(metrics.get("r2")).isCloseTo(1 - 2.0 / 18, within(1e-9));
  }
}
