package dev.kinetic.ingest;

import dev.kinetic.platform.dataset.Row;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpec.FeatureSpec;
import dev.kinetic.platform.spec.ModelSpec.FeatureType;
import dev.kinetic.platform.spec.ModelSpec.UnknownCategory;
import java.util.ArrayList;
import java.util.List;

/** Checks one row against a model spec: label, types, required fields, ranges and categories. */
final class RowChecker {

  private final ModelSpec spec;

  RowChecker(ModelSpec spec) {
    this.spec = spec;
  }

  /** Every reason the row cannot be used; empty if it can. */
  List<String> problems(Row row) {
    List<String> problems = new ArrayList<>();
    if (row.shapeProblem() != null) {
      problems.add("the row " + row.shapeProblem());
    }
    String label = row.value(spec.label());
    if (label == null) {
      problems.add("label '" + spec.label() + "' is missing");
    } else if (spec.task() == ModelSpec.Task.regression) {
      number(spec.label(), label, problems);
    }
    for (FeatureSpec feature : spec.features()) {
      String value = row.value(feature.name());
      if (value == null) {
        if (feature.required()) {
          problems.add("'" + feature.name() + "' is missing");
        }
      } else if (feature.type() == FeatureType.numeric) {
        Double number = number(feature.name(), value, problems);
        if (number != null && feature.min() != null && number < feature.min()) {
          problems.add(
              "'" + feature.name() + "' = " + value + " is below the minimum " + feature.min());
        }
        if (number != null && feature.max() != null && number > feature.max()) {
          problems.add(
              "'" + feature.name() + "' = " + value + " is above the maximum " + feature.max());
        }
      } else if (!feature.categories().isEmpty()
          && !feature.categories().contains(value)
          && feature.onUnknown() == UnknownCategory.error) {
        problems.add(
            "'" + feature.name() + "' = '" + value + "' is not one of " + feature.categories());
      }
    }
    return problems;
  }

  private static Double number(String column, String value, List<String> problems) {
    double number;
    try {
      number = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      problems.add("'" + column + "' = '" + value + "' is not a number");
      return null;
    }
    if (!Double.isFinite(number)) {
      problems.add("'" + column + "' = " + value + " is not a finite number");
      return null;
    }
    return number;
  }
}
