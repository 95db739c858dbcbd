package dev.kinetic.platform.features;

import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpec.FeatureSpec;
import dev.kinetic.platform.spec.ModelSpec.FeatureType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How a row of named feature values becomes the model's input vector, written into the model card
 * so that inference reproduces training exactly from the card alone.
 *
 * <p>A numeric feature is one column, standardised with the training data's mean and standard
 * deviation; a missing value becomes 0, the mean. A categorical feature is one column per known
 * category ({@code feature@category}, 1 or 0); an unknown category is all zeros. Columns are in the
 * order Tribuo numbers features, the String order of their names, which is also the order of the
 * exported ONNX graph's input.
 */
public record FeatureEncoding(List<Column> columns) {

  public FeatureEncoding {
    columns = List.copyOf(columns);
  }

  /**
   * One input column. A numeric column has {@code mean} and {@code scale}; a one-hot column has
   * {@code category}.
   */
  public record Column(String name, String feature, Double mean, Double scale, String category) {

    boolean isNumeric() {
      return category == null;
    }
  }

  /** The encoding for {@code spec}'s features, fitted on the training data's profile. */
  public static FeatureEncoding fit(ModelSpec spec, DatasetProfile profile) {
    List<Column> columns = new ArrayList<>();
    for (FeatureSpec feature : spec.features()) {
      if (feature.type() == FeatureType.numeric) {
        DatasetProfile.NumericProfile stats = profile.numeric().get(feature.name());
        double scale = stats.std() > 0 ? stats.std() : 1.0;
        columns.add(new Column(feature.name(), feature.name(), stats.mean(), scale, null));
      } else {
        List<String> categories =
            feature.categories().isEmpty()
                ? List.copyOf(profile.categorical().get(feature.name()).frequencies().keySet())
                : feature.categories();
        for (String category : categories) {
          columns.add(
              new Column(feature.name() + "@" + category, feature.name(), null, null, category));
        }
      }
    }
    columns.sort(Comparator.comparing(Column::name));
    return new FeatureEncoding(columns);
  }

  public int width() {
    return columns.size();
  }

  public List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  /**
   * Encodes one row into {@code into[offset .. offset + width)}.
   *
   * @param row feature values by name: numbers, numeric strings, or category strings; absent or
   *     {@code null} is missing
   * @throws IllegalArgumentException naming the feature whose value is not a finite number
   */
  public void encode(Map<String, ?> row, double[] into, int offset) {
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      Object value = row.get(column.feature());
      if (column.isNumeric()) {
        Double number = numeric(column.feature(), value);
        into[offset + i] = number == null ? 0.0 : (number - column.mean()) / column.scale();
      } else {
        into[offset + i] = value != null && column.category().equals(value.toString()) ? 1.0 : 0.0;
      }
    }
  }

  public double[] encode(Map<String, ?> row) {
    double[] vector = new double[width()];
    encode(row, vector, 0);
    return vector;
  }

  /**
   * Encodes rows into one row-major float buffer, the shape ONNX Runtime takes as [rows, width].
   */
  public float[] encodeFloats(List<? extends Map<String, ?>> rows) {
    float[] batch = new float[rows.size() * width()];
    double[] vector = new double[width()];
    for (int r = 0; r < rows.size(); r++) {
      encode(rows.get(r), vector, 0);
      for (int i = 0; i < vector.length; i++) {
        batch[r * width() + i] = (float) vector[i];
      }
    }
    return batch;
  }

  /** The value as a finite number, or {@code null} if it is missing. */
  private static Double numeric(String feature, Object value) {
    double number;
    if (value == null) {
      return null;
    } else if (value instanceof Number n) {
      number = n.doubleValue();
    } else {
      String text = value.toString().strip();
      if (text.isEmpty()) {
        return null;
      }
      try {
        number = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(feature + ": '" + text + "' is not a number");
      }
    }
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException(feature + ": " + number + " is not a finite number");
    }
    return number;
  }
}
