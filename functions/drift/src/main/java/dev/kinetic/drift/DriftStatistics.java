package dev.kinetic.drift;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The drift tests, as Evidently computes them: PSI and Jensen-Shannon over shares of fixed bins,
 * two-sample Kolmogorov-Smirnov and chi-squared p-values from commons-math.
 */
final class DriftStatistics {

  private DriftStatistics() {}

  /**
   * Population stability index, {@code Σ (c − r) ln(c / r)}. An empty bin's share becomes {@code
   * min(non-zero) / 10^6} when the smallest non-zero share is at most 10^-4, else 10^-4 (each side
   * on its own, not renormalised), as Evidently does.
   */
  static double psi(double[] reference, double[] current) {
    double[] r = withoutZeros(reference);
    double[] c = withoutZeros(current);
    double psi = 0;
    for (int i = 0; i < r.length; i++) {
      psi += (c[i] - r[i]) * Math.log(c[i] / r[i]);
    }
    return psi;
  }

  /** Jensen-Shannon distance in nats (0 to √ln 2), both sides normalised to sum to 1. */
  static double jensenShannon(double[] reference, double[] current) {
    double[] p = normalised(reference);
    double[] q = normalised(current);
    double divergence = 0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      divergence += relativeEntropy(p[i], m) + relativeEntropy(q[i], m);
    }
    return Math.sqrt(Math.max(0, divergence / 2));
  }

  /** The two-sided p-value of the two-sample Kolmogorov-Smirnov test. */
  static double ksPValue(double[] reference, double[] current) {
    return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(reference, current);
  }

  /** The two-sample Kolmogorov-Smirnov statistic, {@code sup |F_r − F_c|}. */
  static double ksStatistic(double[] reference, double[] current) {
    return new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(reference, current);
  }

  /**
   * The chi-squared two-sample test of category counts: statistic and p-value, over the categories
   * seen on either side. With fewer than two such categories nothing can differ: 0 and 1.
   */
  static double[] chiSquared(long[] reference, long[] current) {
    int seen = 0;
    for (int i = 0; i < reference.length; i++) {
      if (reference[i] + current[i] > 0) {
        seen++;
      }
    }
    if (seen < 2 || sum(reference) == 0 || sum(current) == 0) {
      return new double[] {0, 1};
    }
    long[] r = new long[seen];
    long[] c = new long[seen];
    for (int i = 0, j = 0; i < reference.length; i++) {
      if (reference[i] + current[i] > 0) {
        r[j] = reference[i];
        c[j++] = current[i];
      }
    }
    ChiSquareTest test = new ChiSquareTest();
    return new double[] {
      test.chiSquareDataSetsComparison(r, c), test.chiSquareTestDataSetsComparison(r, c)
    };
  }

  static double[] shares(long[] counts) {
    double total = sum(counts);
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = total == 0 ? 0 : counts[i] / total;
    }
    return shares;
  }

  private static double relativeEntropy(double x, double y) {
    return x == 0 ? 0 : x * Math.log(x / y);
  }

  private static double[] normalised(double[] shares) {
    double total = 0;
    for (double share : shares) {
      total += share;
    }
    double[] normalised = new double[shares.length];
    for (int i = 0; i < shares.length; i++) {
      normalised[i] = total == 0 ? 0 : shares[i] / total;
    }
    return normalised;
  }

  private static double[] withoutZeros(double[] shares) {
    double smallest = Double.MAX_VALUE;
    for (double share : shares) {
      if (share > 0) {
        smallest = Math.min(smallest, share);
      }
    }
    double fill = smallest <= 1e-4 ? smallest / 1e6 : 1e-4;
    double[] filled = shares.clone();
    for (int i = 0; i < filled.length; i++) {
      if (filled[i] == 0) {
        filled[i] = fill;
      }
    }
    return filled;
  }

  private static long sum(long[] counts) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }
}
