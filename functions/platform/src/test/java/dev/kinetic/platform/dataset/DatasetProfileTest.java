package dev.kinetic.platform.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetProfileTest {

  static final ModelSpec SPEC =
      ModelSpecs.parse(
          """
          name: house
          task: regression
          label: price
          features:
            - {name: area, type: numeric, required: false}
            - {name: district, type: categorical}
          trainer: {algorithm: linear-sgd}
          """,
          "test");

  @Test
  void profilesNumbersCategoriesAndTheLabel() {
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      rows.add(
          Map.of(
              "price", String.valueOf(i * 1000),
              "area", i % 10 == 0 ? "" : String.valueOf(i),
              "district", i <= 30 ? "north" : "south"));
    }

    DatasetProfile profile = DatasetProfile.of(SPEC, () -> RowReader.of(rows));

    assertThat(profile.rows()).isEqualTo(100);
    DatasetProfile.NumericProfile area = profile.numeric().get("area");
    assertThat(area.count()).isEqualTo(90);
    assertThat(area.missing()).isEqualTo(10);
    assertThat(area.min()).isEqualTo(1);
    assertThat(area.max()).isEqualTo(99);
    assertThat(area.quantiles().get("p50")).isCloseTo(50, within(3.0));
    assertThat(area.histogram().edges()).hasSize(DatasetProfile.BINS + 1);
    assertThat(area.histogram().edges().getFirst()).isEqualTo(1);
    assertThat(area.histogram().edges().getLast()).isEqualTo(99);
    assertThat(area.histogram().counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(90);
    assertThat(profile.categorical().get("district").frequencies())
        .containsExactly(Map.entry("north", 30L), Map.entry("south", 70L));
    assertThat(profile.numeric().get("price").mean()).isCloseTo(50_500, within(1e-6));
    assertThat(profile.label()).isEqualTo("price");
  }

  @Test
  void putsTheMaximumInTheLastBinAndClampsOutsiders() {
    DatasetProfile.Histogram histogram =
        new DatasetProfile.Histogram(List.of(0.0, 1.0, 2.0), List.of(0L, 0L));

    assertThat(histogram.bin(2.0)).isEqualTo(1);
    assertThat(histogram.bin(-5)).isZero();
    assertThat(histogram.bin(50)).isEqualTo(1);
    assertThat(histogram.bin(0.99)).isZero();
  }
}
