package dev.kinetic.platform.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's specification. Absent optional sections take the defaults documented on each record, so
 * code reading a spec never meets {@code null} sections.
 */
public record ModelSpec(
    String name,
    Task task,
    String label,
    List<FeatureSpec> features,
    List<String> pii,
    TrainerSpec trainer,
    TrainingData training,
    PromotionGate promotion,
    DriftPolicy drift,
    RetrainingPolicy retraining) {

  public ModelSpec {
    pii = pii == null ? List.of() : List.copyOf(pii);
    training = training == null ? TrainingData.DEFAULT : training;
    promotion = promotion == null ? PromotionGate.defaultFor(task) : promotion;
    drift = drift == null ? DriftPolicy.DEFAULT : drift;
    retraining = retraining == null ? RetrainingPolicy.DEFAULT : retraining;
  }

  public enum Task {
    classification,
    regression
  }

  public Optional<FeatureSpec> feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * One input column.
   *
   * @param required whether a row may leave it empty; default true
   * @param min inclusive lower bound of a numeric feature, if any
   * @param max inclusive upper bound of a numeric feature, if any
   * @param categories the allowed values of a categorical feature; absent means any
   * @param onUnknown what to do with a category outside {@code categories}; default {@code error}
   */
  public record FeatureSpec(
      String name,
      FeatureType type,
      Boolean required,
      Double min,
      Double max,
      List<String> categories,
      UnknownCategory onUnknown) {

    public FeatureSpec {
      required = required == null ? Boolean.TRUE : required;
      categories = categories == null ? List.of() : List.copyOf(categories);
      onUnknown = onUnknown == null ? UnknownCategory.error : onUnknown;
    }
  }

  public enum FeatureType {
    numeric,
    categorical
  }

  public enum UnknownCategory {
    error,
    unknown
  }

  /**
   * How to train.
   *
   * @param seed the seed of the train/holdout split and of the trainer; default 42
   * @param holdoutFraction the share of rows held out for evaluation and the gate; default 0.2
   */
  public record TrainerSpec(
      Algorithm algorithm, Map<String, Object> parameters, Long seed, Double holdoutFraction) {

    public TrainerSpec {
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
      seed = seed == null ? 42L : seed;
      holdoutFraction = holdoutFraction == null ? 0.2 : holdoutFraction;
    }
  }

  /** The trainers Kinetic can export to ONNX. */
  public enum Algorithm {
    @JsonProperty("logistic-regression")
    LOGISTIC_REGRESSION,
    @JsonProperty("linear-sgd")
    LINEAR_SGD,
    @JsonProperty("factorization-machine")
    FACTORIZATION_MACHINE;

    public boolean supports(Task task) {
      return this != LOGISTIC_REGRESSION || task == Task.classification;
    }
  }

  /** Which data a training uses when its request does not say; default the latest dataset. */
  public record TrainingData(Selection datasets, Integer rows) {
    public static final TrainingData DEFAULT = new TrainingData(Selection.latest, null);

    public TrainingData {
      datasets = datasets == null ? Selection.latest : datasets;
    }

    public enum Selection {
      latest,
      all,
      lastRows
    }
  }

  /**
   * The gate a challenger passes to replace the champion: {@code metric} on the holdout must beat
   * the champion's by {@code minImprovement} and reach {@code minimum} if set.
   */
  public record PromotionGate(Metric metric, Double minImprovement, Double minimum) {

    public PromotionGate {
      minImprovement = minImprovement == null ? 0.0 : minImprovement;
    }

    static PromotionGate defaultFor(Task task) {
      return new PromotionGate(task == Task.regression ? Metric.rmse : Metric.accuracy, 0.0, null);
    }
  }

  public enum Metric {
    accuracy,
    macro_f1,
    rmse,
    mae,
    r2;

    /** Whether a larger value is a better model: false for the error metrics. */
    public boolean higherIsBetter() {
      return this != rmse && this != mae;
    }

    /** Whether the metric applies to {@code task}. */
    public boolean suits(Task task) {
      return switch (this) {
        case accuracy, macro_f1 -> task == Task.classification;
        case rmse, mae, r2 -> task == Task.regression;
      };
    }
  }

  /**
   * How live traffic is compared with the training baseline. Defaults follow Evidently: KS and
   * chi-squared p-value below 0.05, PSI and Jensen-Shannon at or above 0.1, and dataset drift when
   * half the features drift.
   */
  public record DriftPolicy(
      Integer windowSize,
      Duration windowDuration,
      NumericTest numericTest,
      CategoricalTest categoricalTest,
      Thresholds thresholds,
      Double datasetShare,
      PerformanceFloor performance) {

    public static final DriftPolicy DEFAULT =
        new DriftPolicy(null, null, null, null, null, null, null);

    public DriftPolicy {
      windowSize = windowSize == null ? 1000 : windowSize;
      windowDuration = windowDuration == null ? Duration.ofHours(1) : windowDuration;
      numericTest = numericTest == null ? NumericTest.ks : numericTest;
      categoricalTest = categoricalTest == null ? CategoricalTest.chi_squared : categoricalTest;
      thresholds = thresholds == null ? Thresholds.DEFAULT : thresholds;
      datasetShare = datasetShare == null ? 0.5 : datasetShare;
    }

    public enum NumericTest {
      psi,
      ks,
      jensen_shannon
    }

    public enum CategoricalTest {
      chi_squared,
      jensen_shannon
    }

    /**
     * Per test: p-value below which (KS, chi-squared) or distance from which (PSI, JS) a feature
     * drifts.
     */
    public record Thresholds(Double psi, Double ks, Double jensen_shannon, Double chi_squared) {
      public static final Thresholds DEFAULT = new Thresholds(null, null, null, null);

      public Thresholds {
        psi = psi == null ? 0.1 : psi;
        ks = ks == null ? 0.05 : ks;
        jensen_shannon = jensen_shannon == null ? 0.1 : jensen_shannon;
        chi_squared = chi_squared == null ? 0.05 : chi_squared;
      }
    }

    /** The quality below which (above, for error metrics) performance has degraded. */
    public record PerformanceFloor(Metric metric, double floor) {}
  }

  /**
   * When drift or degraded performance leads to a training: at most once per {@code cooldown}
   * (default 10 minutes), only with {@code minNewLabelledRows} labelled production rows in the
   * drifted window (default 0), and on which {@code data} (default {@code trafficAndIngested}).
   */
  public record RetrainingPolicy(
      Duration cooldown, Integer minNewLabelledRows, RetrainingData data) {
    public static final RetrainingPolicy DEFAULT = new RetrainingPolicy(null, null, null);

    public RetrainingPolicy {
      cooldown = cooldown == null ? Duration.ofMinutes(10) : cooldown;
      minNewLabelledRows = minNewLabelledRows == null ? 0 : minNewLabelledRows;
      data = data == null ? RetrainingData.trafficAndIngested : data;
    }

    public enum RetrainingData {
      /** Only production traffic labelled by feedback since the drifted window began. */
      traffic,
      /** That traffic plus the newest submitted dataset. */
      trafficAndIngested
    }
  }
}
