package dev.kinetic.platform.spec;

import com.networknt.schema.Schema;
import com.networknt.schema.path.PathType;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.Schemas;
import dev.kinetic.contracts.Violation;
import dev.kinetic.platform.spec.ModelSpec.FeatureSpec;
import dev.kinetic.platform.spec.ModelSpec.FeatureType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads model specs from YAML or JSON. A spec is checked first against its JSON Schema, for shape
 * and types, then against the rules between fields that a schema cannot express; every error names
 * the field by its path, e.g. {@code features[2].type}.
 */
public final class ModelSpecs {

  private static final URI SCHEMA =
      URI.create("https://kinetic.dev/schemas/specs/model-spec.v1.json");
  private static final Schema SPEC_SCHEMA =
      new Schemas("https://kinetic.dev/schemas/specs/", "schemas/specs/", PathType.JSON_PATH)
          .load(SCHEMA);
  private static final ObjectMapper YAML = YAMLMapper.builder().build();

  private ModelSpecs() {}

  /** Reads a {@code .yaml}, {@code .yml} or {@code .json} file. */
  public static ModelSpec read(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("reading model spec " + file, e);
    }
  }

  /**
   * Parses {@code text}, YAML or JSON (JSON is YAML too).
   *
   * @param source where the text came from, for error messages
   * @throws SpecException naming every field at fault
   */
  public static ModelSpec parse(String text, String source) {
    JsonNode tree;
    try {
      tree = YAML.readTree(text);
    } catch (JacksonException e) {
      throw new SpecException(
          source, List.of(new Violation("spec", "is not YAML or JSON: " + e.getOriginalMessage())));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new SpecException(source, List.of(new Violation("spec", "is empty")));
    }
    List<Violation> violations = Schemas.violations(SPEC_SCHEMA, tree, "");
    if (!violations.isEmpty()) {
      throw new SpecException(source, violations.stream().map(ModelSpecs::rootAsSpec).toList());
    }
    ModelSpec spec = Json.MAPPER.treeToValue(tree, ModelSpec.class);
    List<Violation> rules = crossFieldViolations(spec);
    if (!rules.isEmpty()) {
      throw new SpecException(source, rules);
    }
    return spec;
  }

  /** The spec as JSON, as it is stored in model cards. */
  public static byte[] toJson(ModelSpec spec) {
    return Json.MAPPER.writeValueAsBytes(spec);
  }

  private static Violation rootAsSpec(Violation violation) {
    return violation.location().isEmpty() ? new Violation("spec", violation.reason()) : violation;
  }

  private static List<Violation> crossFieldViolations(ModelSpec spec) {
    List<Violation> violations = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.features().size(); i++) {
      FeatureSpec feature = spec.features().get(i);
      String at = "features[" + i + "]";
      if (!names.add(feature.name())) {
        violations.add(new Violation(at + ".name", "'" + feature.name() + "' is declared twice"));
      }
      if (feature.name().equals(spec.label())) {
        violations.add(
            new Violation(
                at + ".name",
                "'" + feature.name() + "' is the label; a model cannot learn from its label"));
      }
      if (feature.min() != null && feature.max() != null && feature.min() > feature.max()) {
        violations.add(
            new Violation(at + ".min", feature.min() + " is above max " + feature.max()));
      }
    }
    for (int i = 0; i < spec.pii().size(); i++) {
      String column = spec.pii().get(i);
      String at = "pii[" + i + "]";
      if (column.equals(spec.label())) {
        violations.add(
            new Violation(
                at, "'" + column + "' is the label, which must stay readable to train on"));
      }
      spec.feature(column)
          .ifPresent(
              feature -> {
                if (feature.type() == FeatureType.numeric) {
                  violations.add(
                      new Violation(
                          at, "'" + column + "' is a numeric feature; tokens are not numbers"));
                } else if (!feature.categories().isEmpty()) {
                  violations.add(
                      new Violation(
                          at,
                          "'" + column + "' lists categories, which its tokens would never match"));
                }
              });
    }
    if (!spec.trainer().algorithm().supports(spec.task())) {
      violations.add(
          new Violation(
              "trainer.algorithm",
              "logistic-regression cannot learn a " + spec.task() + " task; use linear-sgd"));
    }
    if (spec.promotion().metric() != null && !spec.promotion().metric().suits(spec.task())) {
      violations.add(
          new Violation(
              "promotion.metric",
              spec.promotion().metric() + " does not measure a " + spec.task() + " task"));
    }
    if (spec.drift().performance() != null
        && !spec.drift().performance().metric().suits(spec.task())) {
      violations.add(
          new Violation(
              "drift.performance.metric",
              spec.drift().performance().metric()
                  + " does not measure a "
                  + spec.task()
                  + " task"));
    }
    if (spec.drift().performance() != null
        && spec.drift().performance().metric() == ModelSpec.Metric.r2) {
      violations.add(
          new Violation(
              "drift.performance.metric",
              "r2 is not a rolling metric; use rmse or mae for a regression task"));
    }
    return violations;
  }
}
