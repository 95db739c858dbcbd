package dev.kinetic.platform.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Holdout metrics computed from a model's outputs, the same way for a challenger and for the
 * champion it is compared with, whatever trained them.
 */
public final class Metrics {

  private static final double EPSILON = 1e-15;

  private Metrics() {}

  /**
   * {@code accuracy}, {@code macro_f1} (over every label the model knows), {@code log_loss} and,
   * for two labels, {@code auc}.
   *
   * @param labels the model's labels in output order
   * @param probabilities row-major, {@code truth.size()} rows of {@code labels.size()} scores
   */
  public static Map<String, Double> classification(
      List<String> labels, float[] probabilities, List<String> truth) {
    int k = labels.size();
    int n = truth.size();
    if (n == 0 || probabilities.length != n * k) {
      throw new IllegalArgumentException(
          "need " + n + " x " + k + " scores, got " + probabilities.length);
    }
    long[] truePositives = new long[k];
    long[] predictedCount = new long[k];
    long[] actualCount = new long[k];
    long correct = 0;
    double logLoss = 0;
    for (int row = 0; row < n; row++) {
      int predicted = 0;
      for (int j = 1; j < k; j++) {
        if (probabilities[row * k + j] > probabilities[row * k + predicted]) {
          predicted = j;
        }
      }
      int actual = labels.indexOf(truth.get(row));
      predictedCount[predicted]++;
      if (actual >= 0) {
        actualCount[actual]++;
        if (actual == predicted) {
          correct++;
          truePositives[actual]++;
        }
      }
      double p = actual >= 0 ? probabilities[row * k + actual] : 0;
      logLoss -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, p)));
    }
    double f1Sum = 0;
    for (int j = 0; j < k; j++) {
      double denominator = predictedCount[j] + actualCount[j];
      f1Sum += denominator == 0 ? 0 : 2.0 * truePositives[j] / denominator;
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", (double) correct / n);
    metrics.put("macro_f1", f1Sum / k);
    if (areProbabilities(probabilities, k)) {
      metrics.put("log_loss", logLoss / n);
    }
    if (k == 2) {
      double[] scores = new double[n];
      boolean[] positive = new boolean[n];
      for (int row = 0; row < n; row++) {
        scores[row] = probabilities[row * k + 1];
        positive[row] = labels.get(1).equals(truth.get(row));
      }
      auc(scores, positive).ifPresent(auc -> metrics.put("auc", auc));
    }
    return metrics;
  }

  private static boolean areProbabilities(float[] scores, int k) {
    for (int row = 0; row < scores.length / k; row++) {
      double sum = 0;
      for (int j = 0; j < k; j++) {
        if (scores[row * k + j] < 0) {
          return false;
        }
        sum += scores[row * k + j];
      }
      if (Math.abs(sum - 1) > 1e-3) {
        return false;
      }
    }
    return true;
  }

  /** {@code rmse}, {@code mae} and {@code r2}. */
  public static Map<String, Double> regression(float[] predicted, double[] truth) {
    int n = truth.length;
    if (n == 0 || predicted.length != n) {
      throw new IllegalArgumentException("need " + n + " predictions, got " + predicted.length);
    }
    double mean = 0;
    for (double y : truth) {
      mean += y / n;
    }
    double squared = 0;
    double absolute = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double error = predicted[i] - truth[i];
      squared += error * error;
      absolute += Math.abs(error);
      total += (truth[i] - mean) * (truth[i] - mean);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("rmse", Math.sqrt(squared / n));
    metrics.put("mae", absolute / n);
    metrics.put("r2", total == 0 ? 0 : 1 - squared / total);
    return metrics;
  }

  /** The Mann-Whitney form of ROC AUC, ties counted as half; empty if one class is absent. */
  private static Optional<Double> auc(double[] scores, boolean[] positive) {
    double[] ranks = new NaturalRanking(TiesStrategy.AVERAGE).rank(scores);
    double positiveRankSum = 0;
    long positives = 0;
    for (int i = 0; i < scores.length; i++) {
      if (positive[i]) {
        positiveRankSum += ranks[i];
        positives++;
      }
    }
    long negatives = scores.length - positives;
    if (positives == 0 || negatives == 0) {
      return Optional.empty();
    }
    return Optional.of(
        (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives));
  }
}
