package dev.kinetic.platform.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.contracts.Json;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.dataset.RowReader;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpecs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureEncodingTest {

  static final ModelSpec SPEC =
      ModelSpecs.parse(
          """
          name: shop
          task: classification
          label: y
          features:
            - {name: price, type: numeric}
            - {name: colour, type: categorical, categories: [red, blue], onUnknown: unknown}
            - {name: size, type: categorical}
          trainer: {algorithm: logistic-regression}
          """,
          "test");

  static final List<Map<String, String>> ROWS =
      List.of(
          Map.of("y", "a", "price", "10", "colour", "red", "size", "S"),
          Map.of("y", "b", "price", "20", "colour", "blue", "size", "M"),
          Map.of("y", "a", "price", "30", "colour", "red", "size", "S"));

  static FeatureEncoding fitted() {
    return FeatureEncoding.fit(SPEC, DatasetProfile.of(SPEC, () -> RowReader.of(ROWS)));
  }

  @Test
  void ordersColumnsAsTribuoNumbersFeatures() {
    assertThat(fitted().names())
        .containsExactly("colour@blue", "colour@red", "price", "size@M", "size@S");
  }

  @Test
  void standardisesNumbersAndOneHotEncodesCategories() {
    double[] vector = fitted().encode(Map.of("price", 30, "colour", "blue", "size", "S"));

    assertThat(vector).containsExactly(1, 0, 1, 0, 1);
  }

  @Test
  void encodesMissingNumbersAsTheMeanAndUnknownCategoriesAsZeros() {
    Map<String, Object> row = new HashMap<>();
    row.put("price", null);
    row.put("colour", "green");

    assertThat(fitted().encode(row)).containsExactly(0, 0, 0, 0, 0);
  }

  @Test
  void refusesValuesThatAreNotFiniteNumbersNamingTheFeature() {
    assertThatThrownBy(() -> fitted().encode(Map.of("price", "cheap")))
        .hasMessage("price: 'cheap' is not a number");
    assertThatThrownBy(() -> fitted().encode(Map.of("price", Double.NaN)))
        .hasMessageContaining("price: NaN is not a finite number");
  }

  @Test
  void encodesTheSameAfterTravellingInAModelCard() {
    FeatureEncoding original = fitted();
    FeatureEncoding restored =
        Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(original), FeatureEncoding.class);
    Map<String, Object> row = Map.of("price", 12.5, "colour", "red", "size", "M");

    assertThat(restored.encode(row)).containsExactly(original.encode(row));
    assertThat(restored.encodeFloats(List.of(row)))
        .containsExactly(original.encodeFloats(List.of(row)));
  }
}
