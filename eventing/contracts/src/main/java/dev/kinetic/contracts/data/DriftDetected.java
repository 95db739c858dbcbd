package dev.kinetic.contracts.data;

import java.util.List;

/**
 * Live inputs or predictions moved away from the champion's baseline: the share of drifted features
 * reached {@code shareThreshold}. Every feature's statistic is included, drifted or not.
 */
public record DriftDetected(
    String model,
    String modelVersion,
    Window window,
    double driftedShare,
    double shareThreshold,
    List<FeatureDrift> features)
    implements ModelScoped {

  /** One feature's test against the baseline. */
  public record FeatureDrift(
      String feature,
      Kind kind,
      Test test,
      double statistic,
      Double pValue,
      double threshold,
      boolean drifted) {

    public enum Kind {
      numeric,
      categorical,
      prediction
    }

    public enum Test {
      psi,
      ks,
      jensen_shannon,
      chi_squared
    }
  }
}
