package dev.kinetic.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftStatisticsTest {

  @Test
  void psiIsTheSymmetricDivergenceOfTheShares() {
    double[] reference = {0.25, 0.25, 0.5};
    double[] current = {0.5, 0.25, 0.25};
    double expected = (0.5 - 0.25) * Math.log(0.5 / 0.25) + (0.25 - 0.5) * Math.log(0.25 / 0.5);

    assertThat(DriftStatistics.psi(reference, current)).isCloseTo(expected, within(1e-12));
    assertThat(DriftStatistics.psi(current, reference)).isCloseTo(expected, within(1e-12));
    assertThat(DriftStatistics.psi(reference, reference)).isZero();
  }

  @Test
  void psiFillsAnEmptyBinAsEvidentlyDoes() {
    // an empty current bin becomes 1e-4, the reference side stays as it is
    double expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (1.0 - 0.5) * Math.log(1.0 / 0.5);

    assertThat(DriftStatistics.psi(new double[] {0.5, 0.5}, new double[] {0, 1}))
        .isCloseTo(expected, within(1e-12));
  }

  @Test
  void jensenShannonMatchesScipy() {
    // scipy.spatial.distance.jensenshannon([0.5, 0.5], [1, 0]) = 0.4645014...
    assertThat(DriftStatistics.jensenShannon(new double[] {0.5, 0.5}, new double[] {1, 0}))
        .isCloseTo(0.46450140402245893, within(1e-9));
    assertThat(DriftStatistics.jensenShannon(new double[] {2, 2}, new double[] {1, 1})).isZero();
    assertThat(DriftStatistics.jensenShannon(new double[] {1, 0}, new double[] {0, 1}))
        .isCloseTo(Math.sqrt(Math.log(2)), within(1e-12));
  }

  @Test
  void ksTellsAShiftedSampleFromASampleOfTheSameDistribution() {
    SplittableRandom random = new SplittableRandom(7);
    double[] reference = normal(random, 1000, 0);
    double[] same = normal(random, 1000, 0);
    double[] shifted = normal(random, 1000, 0.3);

    assertThat(DriftStatistics.ksPValue(reference, same)).isGreaterThan(0.05);
    assertThat(DriftStatistics.ksPValue(reference, shifted)).isLessThan(1e-6);
    assertThat(DriftStatistics.ksStatistic(reference, reference)).isZero();
  }

  @Test
  void chiSquaredComparesCountsOfDifferentTotals() {
    double[] same =
        DriftStatistics.chiSquared(new long[] {400, 400, 200}, new long[] {100, 100, 50});
    double[] moved =
        DriftStatistics.chiSquared(new long[] {400, 400, 200}, new long[] {50, 100, 100});

    assertThat(same[0]).isCloseTo(0, within(1e-9));
    assertThat(same[1]).isCloseTo(1, within(1e-9));
    assertThat(moved[1]).isLessThan(1e-6);
  }

  @Test
  void chiSquaredIgnoresCategoriesNeitherSideHas() {
    double[] result = DriftStatistics.chiSquared(new long[] {10, 0, 10}, new long[] {10, 0, 10});

    assertThat(result[1]).isCloseTo(1, within(1e-9));
    assertThat(DriftStatistics.chiSquared(new long[] {5, 0}, new long[] {3, 0})[1]).isEqualTo(1);
  }

  private static double[] normal(SplittableRandom random, int n, double mean) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      double u = 1.0 - random.nextDouble();
      values[i] = mean + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
    return values;
  }
}
