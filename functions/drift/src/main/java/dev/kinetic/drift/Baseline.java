package dev.kinetic.drift;

import dev.kinetic.contracts.data.DriftDetected.FeatureDrift;
import dev.kinetic.contracts.data.DriftDetected.FeatureDrift.Kind;
import dev.kinetic.contracts.data.DriftDetected.FeatureDrift.Test;
import dev.kinetic.contracts.data.Prediction;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.dataset.DatasetProfile.Histogram;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpec.DriftPolicy;
import dev.kinetic.platform.spec.ModelSpec.FeatureType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What live traffic is compared with: the champion's training profile (fixed histogram bins and
 * category counts, from its card) and, for the Kolmogorov-Smirnov test, the values of its holdout.
 * One column per feature, then one for the prediction, compared with the training labels.
 */
final class Baseline {

  /** One column of the window and what it is compared with. */
  record Column(
      String name,
      Kind kind,
      Histogram histogram,
      double[] binShares,
      double[] sample,
      List<String> categories,
      Map<String, Integer> index,
      long[] counts) {

    boolean categorical() {
      return categories != null;
    }
  }

  private final ModelCard card;
  private final List<Column> columns;
  private final int prediction;

  private Baseline(ModelCard card, List<Column> columns) {
    this.card = card;
    this.columns = columns;
    this.prediction = columns.size() - 1;
  }

  /**
   * @param holdout the champion's holdout rows, by column name; empty when it has none (KS then
   *     falls back to PSI)
   */
  static Baseline of(ModelCard card, List<Map<String, String>> holdout) {
    ModelSpec spec = card.spec();
    DatasetProfile profile = card.baselineProfile();
    List<Column> columns = new ArrayList<>();
    for (ModelSpec.FeatureSpec feature : spec.features()) {
      columns.add(
          feature.type() == FeatureType.categorical
              ? categorical(
                  feature.name(),
                  Kind.categorical,
                  profile.categorical().get(feature.name()).frequencies())
              : numeric(
                  feature.name(),
                  Kind.numeric,
                  profile.numeric().get(feature.name()).histogram(),
                  holdout));
    }
    if (spec.task() == ModelSpec.Task.classification) {
      Map<String, Long> labels = new java.util.LinkedHashMap<>();
      Map<String, Long> trained = profile.categorical().get(spec.label()).frequencies();
      card.labels().forEach(label -> labels.put(label, trained.getOrDefault(label, 0L)));
      columns.add(categorical(spec.label(), Kind.prediction, labels));
    } else {
      columns.add(
          numeric(
              spec.label(),
              Kind.prediction,
              profile.numeric().get(spec.label()).histogram(),
              holdout));
    }
    return new Baseline(card, List.copyOf(columns));
  }

  private static Column categorical(String name, Kind kind, Map<String, Long> frequencies) {
    List<String> categories = new ArrayList<>(frequencies.keySet());
    Map<String, Integer> index = new HashMap<>();
    long[] counts = new long[categories.size() + 1];
    for (int i = 0; i < categories.size(); i++) {
      index.put(categories.get(i), i);
      counts[i] = frequencies.get(categories.get(i));
    }
    // the last slot counts values the training data never had
    return new Column(name, kind, null, null, null, List.copyOf(categories), index, counts);
  }

  private static Column numeric(
      String name, Kind kind, Histogram histogram, List<Map<String, String>> holdout) {
    long[] counts = histogram.counts().stream().mapToLong(Long::longValue).toArray();
    double[] sample =
        holdout.stream()
            .map(row -> row.get(name))
            .filter(value -> value != null && !value.isBlank())
            .mapToDouble(Double::parseDouble)
            .filter(Double::isFinite)
            .toArray();
    return new Column(
        name, kind, histogram, DriftStatistics.shares(counts), sample, null, null, null);
  }

  String version() {
    return card.version();
  }

  ModelCard card() {
    return card;
  }

  List<Column> columns() {
    return columns;
  }

  int predictionColumn() {
    return prediction;
  }

  /** A feature's value as the window keeps it: a float, a category index, or NaN when missing. */
  float encode(int column, Object value) {
    if (value == null) {
      return Float.NaN;
    }
    Column c = columns.get(column);
    if (c.categorical()) {
      Integer index = c.index().get(value.toString());
      return index == null ? c.categories().size() : index;
    }
    if (value instanceof Number number) {
      return (float) number.doubleValue();
    }
    try {
      return Float.parseFloat(value.toString());
    } catch (NumberFormatException notANumber) {
      return Float.NaN;
    }
  }

  /** The prediction as the window keeps it: the label's index, or the value. */
  float encode(Prediction prediction) {
    return prediction.label() != null
        ? encode(this.prediction, prediction.label())
        : encode(this.prediction, prediction.value());
  }

  /**
   * Every column of {@code window} since {@code sinceMillis} against this baseline, by the spec's
   * tests and thresholds; columns without a value in the window are left out.
   */
  List<FeatureDrift> compare(LiveWindow window, long sinceMillis, DriftPolicy policy) {
    List<FeatureDrift> drifts = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      double[] values = window.values(i, sinceMillis);
      if (values.length < 2) {
        continue;
      }
      drifts.add(
          column.categorical()
              ? categorical(column, values, policy)
              : numeric(column, values, policy));
    }
    return drifts;
  }

  private static FeatureDrift numeric(Column column, double[] values, DriftPolicy policy) {
    DriftPolicy.Thresholds thresholds = policy.thresholds();
    Test test =
        switch (policy.numericTest()) {
          case ks -> column.sample().length >= 2 ? Test.ks : Test.psi;
          case psi -> Test.psi;
          case jensen_shannon -> Test.jensen_shannon;
        };
    return switch (test) {
      case ks -> {
        double p = DriftStatistics.ksPValue(column.sample(), values);
        yield new FeatureDrift(
            column.name(),
            column.kind(),
            test,
            DriftStatistics.ksStatistic(column.sample(), values),
            p,
            thresholds.ks(),
            p < thresholds.ks());
      }
      case jensen_shannon ->
          distance(
              column,
              test,
              DriftStatistics.jensenShannon(column.binShares(), binned(column, values)),
              thresholds.jensen_shannon());
      default ->
          distance(
              column,
              test,
              DriftStatistics.psi(column.binShares(), binned(column, values)),
              thresholds.psi());
    };
  }

  private static FeatureDrift categorical(Column column, double[] values, DriftPolicy policy) {
    long[] counts = new long[column.counts().length];
    for (double value : values) {
      counts[(int) value]++;
    }
    // Predictions are compared with the training labels, which a good model matches only roughly:
    // a distance, not a test that small calibration offsets would fail on a large window.
    boolean chiSquared =
        column.kind() != Kind.prediction
            && policy.categoricalTest() == DriftPolicy.CategoricalTest.chi_squared;
    if (chiSquared) {
      double[] result = DriftStatistics.chiSquared(column.counts(), counts);
      double threshold = policy.thresholds().chi_squared();
      return new FeatureDrift(
          column.name(),
          column.kind(),
          Test.chi_squared,
          result[0],
          result[1],
          threshold,
          result[1] < threshold);
    }
    return distance(
        column,
        Test.jensen_shannon,
        DriftStatistics.jensenShannon(
            DriftStatistics.shares(column.counts()), DriftStatistics.shares(counts)),
        policy.thresholds().jensen_shannon());
  }

  private static FeatureDrift distance(
      Column column, Test test, double statistic, double threshold) {
    return new FeatureDrift(
        column.name(), column.kind(), test, statistic, null, threshold, statistic >= threshold);
  }

  private static double[] binned(Column column, double[] values) {
    long[] counts = new long[column.binShares().length];
    for (double value : values) {
      counts[column.histogram().bin(value)]++;
    }
    return DriftStatistics.shares(counts);
  }

  @Override
  public String toString() {
    return "Baseline["
        + card.model()
        + " "
        + card.version()
        + ", columns "
        + Arrays.toString(columns.stream().map(Column::name).toArray())
        + "]";
  }
}
