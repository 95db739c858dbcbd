package dev.kinetic.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Seeded synthetic data for an example model spec: the same seed always gives the same rows. Each
 * row carries its true label, so the same generator feeds training, live traffic and the feedback
 * that closes the loop.
 */
public sealed interface ExampleData permits FraudData, HousePricesData {

  /** Where the rows come from. */
  enum Scenario {
    /** The distribution the first model is trained on. */
    training,
    /** Traffic from the same distribution as {@link #training}, from another part of the stream. */
    live,
    /** Traffic whose feature distribution and label relation have both moved. */
    shifted
  }

  /** The model spec this data is for. */
  String model();

  /** The text of the model spec, {@code examples/<model>.yaml}. */
  default String spec() {
    try (InputStream in = ExampleData.class.getResourceAsStream("/specs/" + model() + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("specs/" + model() + ".yaml is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CSV header, label first. */
  List<String> columns();

  /** One row, with a value (or {@code null}) for each of {@link #columns()}. */
  Map<String, Object> row(SplittableRandom random, Scenario scenario);

  /** Every example, by model name. */
  static List<ExampleData> all() {
    return List.of(new FraudData(), new HousePricesData());
  }

  static ExampleData of(String model) {
    return all().stream()
        .filter(data -> data.model().equals(model))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no example data for '"
                        + model
                        + "'; there is "
                        + all().stream().map(ExampleData::model).toList()));
  }

  /**
   * {@code count} rows from {@code seed}. Live traffic draws from a stream apart from training's.
   */
  default List<Map<String, Object>> rows(int count, long seed, Scenario scenario) {
    SplittableRandom random = new SplittableRandom(seed + 1_000_003L * scenario.ordinal());
    List<Map<String, Object>> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rows.add(row(random, scenario));
    }
    return rows;
  }

  /** Writes {@code count} rows as CSV with a header, streaming. */
  default void writeCsv(Appendable out, long count, long seed, Scenario scenario) {
    SplittableRandom random = new SplittableRandom(seed + 1_000_003L * scenario.ordinal());
    try (CSVPrinter csv =
        CSVFormat.RFC4180.builder().setHeader(columns().toArray(String[]::new)).get().print(out)) {
      List<Object> record = new ArrayList<>(columns().size());
      for (long i = 0; i < count; i++) {
        Map<String, Object> row = row(random, scenario);
        record.clear();
        columns().forEach(column -> record.add(row.get(column)));
        csv.printRecord(record);
      }
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double normal(SplittableRandom random) {
    // Box-Muller; one of the pair is enough here.
    double u = 1.0 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  static <T> T pick(SplittableRandom random, List<T> values, double[] weights) {
    double draw = random.nextDouble();
    double cumulative = 0;
    for (int i = 0; i < values.size(); i++) {
      cumulative += weights[i];
      if (draw < cumulative) {
        return values.get(i);
      }
    }
    return values.getLast();
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
