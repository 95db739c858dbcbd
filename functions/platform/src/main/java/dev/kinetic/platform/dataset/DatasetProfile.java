package dev.kinetic.platform.dataset;

import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpec.FeatureSpec;
import dev.kinetic.platform.spec.ModelSpec.FeatureType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.descriptive.rank.PSquarePercentile;

/**
 * What a dataset looks like, per column: the baseline live traffic is compared with for drift, and
 * what the feature encoding is fitted on. Computed in two streaming passes, so it costs memory per
 * column, not per row.
 *
 * @param label the label column, profiled in {@code categorical} for classification and in {@code
 *     numeric} for regression
 */
public record DatasetProfile(
    long rows,
    String label,
    Map<String, NumericProfile> numeric,
    Map<String, CategoricalProfile> categorical) {

  /** The quantiles every numeric profile carries, as percentiles. */
  public static final List<Integer> PERCENTILES = List.of(1, 5, 25, 50, 75, 95, 99);

  /** Equal-width bins between the column's minimum and maximum. */
  public static final int BINS = 10;

  /**
   * @param quantiles by name ({@code p50} ...), estimated with the P² algorithm
   * @param histogram {@code BINS} equal-width bins; the last includes the maximum
   */
  public record NumericProfile(
      long count,
      long missing,
      double mean,
      double std,
      double min,
      double max,
      Map<String, Double> quantiles,
      Histogram histogram) {}

  /** {@code edges} has one more entry than {@code counts}. */
  public record Histogram(List<Double> edges, List<Long> counts) {

    /** The bin {@code value} falls in, clamping values outside the edges to the end bins. */
    public int bin(double value) {
      return binOf(edges, value);
    }

    static int binOf(List<Double> edges, double value) {
      int last = edges.size() - 2;
      for (int i = 0; i < last; i++) {
        if (value < edges.get(i + 1)) {
          return i;
        }
      }
      return last;
    }
  }

  /** {@code frequencies} in category order. */
  public record CategoricalProfile(long count, long missing, Map<String, Long> frequencies) {}

  /**
   * Profiles the label and features of {@code spec} over the rows {@code pass} opens; {@code pass}
   * is called twice and must yield the same valid rows each time (numeric values already checked).
   */
  public static DatasetProfile of(ModelSpec spec, Supplier<RowReader> pass) {
    Map<String, NumericColumn> numeric = new LinkedHashMap<>();
    Map<String, CategoricalProfileBuilder> categorical = new LinkedHashMap<>();
    if (spec.task() == ModelSpec.Task.regression) {
      numeric.put(spec.label(), new NumericColumn());
    } else {
      categorical.put(spec.label(), new CategoricalProfileBuilder());
    }
    for (FeatureSpec feature : spec.features()) {
      if (feature.type() == FeatureType.numeric) {
        numeric.put(feature.name(), new NumericColumn());
      } else {
        categorical.put(feature.name(), new CategoricalProfileBuilder());
      }
    }
    long rows = 0;
    try (RowReader reader = pass.get()) {
      while (reader.hasNext()) {
        Row row = reader.next();
        rows++;
        numeric.forEach((name, column) -> column.observe(row.value(name)));
        categorical.forEach((name, column) -> column.observe(row.value(name)));
      }
    }
    numeric.values().forEach(NumericColumn::fixEdges);
    try (RowReader reader = pass.get()) {
      while (reader.hasNext()) {
        Row row = reader.next();
        numeric.forEach((name, column) -> column.bin(row.value(name)));
      }
    }
    Map<String, NumericProfile> numericProfiles = new LinkedHashMap<>();
    numeric.forEach((name, column) -> numericProfiles.put(name, column.profile()));
    Map<String, CategoricalProfile> categoricalProfiles = new LinkedHashMap<>();
    categorical.forEach((name, column) -> categoricalProfiles.put(name, column.profile()));
    return new DatasetProfile(rows, spec.label(), numericProfiles, categoricalProfiles);
  }

  private static final class NumericColumn {
    private final SummaryStatistics stats = new SummaryStatistics();
    private final List<PSquarePercentile> percentiles = new ArrayList<>();
    private long missing;
    private List<Double> edges;
    private long[] counts;

    NumericColumn() {
      PERCENTILES.forEach(p -> percentiles.add(new PSquarePercentile(p)));
    }

    void observe(String value) {
      if (value == null) {
        missing++;
        return;
      }
      double x = Double.parseDouble(value);
      stats.addValue(x);
      percentiles.forEach(p -> p.increment(x));
    }

    void fixEdges() {
      edges = new ArrayList<>(BINS + 1);
      double min = stats.getN() == 0 ? 0 : stats.getMin();
      double max = stats.getN() == 0 ? 0 : stats.getMax();
      double width = (max - min) / BINS;
      for (int i = 0; i <= BINS; i++) {
        edges.add(i == BINS ? max : min + i * width);
      }
      counts = new long[BINS];
    }

    void bin(String value) {
      if (value != null) {
        counts[Histogram.binOf(edges, Double.parseDouble(value))]++;
      }
    }

    NumericProfile profile() {
      Map<String, Double> quantiles = new LinkedHashMap<>();
      for (int i = 0; i < PERCENTILES.size(); i++) {
        quantiles.put(
            "p" + PERCENTILES.get(i), stats.getN() == 0 ? 0 : percentiles.get(i).getResult());
      }
      List<Long> binCounts = new ArrayList<>(BINS);
      for (long count : counts) {
        binCounts.add(count);
      }
      boolean empty = stats.getN() == 0;
      return new NumericProfile(
          stats.getN(),
          missing,
          empty ? 0 : stats.getMean(),
          stats.getN() < 2 ? 0 : stats.getStandardDeviation(),
          empty ? 0 : stats.getMin(),
          empty ? 0 : stats.getMax(),
          quantiles,
          new Histogram(edges, binCounts));
    }
  }

  private static final class CategoricalProfileBuilder {
    private final Map<String, Long> frequencies = new TreeMap<>();
    private long count;
    private long missing;

    void observe(String value) {
      if (value == null) {
        missing++;
      } else {
        count++;
        frequencies.merge(value, 1L, Long::sum);
      }
    }

    CategoricalProfile profile() {
      return new CategoricalProfile(count, missing, new LinkedHashMap<>(frequencies));
    }
  }
}
