package dev.kinetic.platform.model;

import dev.kinetic.contracts.data.ModelTrained.Lineage;
import dev.kinetic.platform.spec.ModelSpecs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Model cards for tests, from the fraud example spec. */
public final class ModelCards {

  private static final Instant CREATED = Instant.parse("2026-11-26T10:00:00Z");

  private ModelCards() {}

  /** A card of the fraud example; versions {@code v1}, {@code v2}, ... sort by creation time. */
  public static ModelCard fraud(String version) {
    int n = Integer.parseInt(version.replaceAll("\\D", "0"));
    return new ModelCard(
        "fraud",
        version,
        CREATED.plusSeconds(n),
        null,
        ModelSpecs.read(Path.of("../../examples/fraud.yaml")),
        Map.of("accuracy", 0.9),
        new Lineage(
            List.of("a".repeat(64)),
            null,
            "logistic-regression",
            Map.of("epochs", 20),
            42L,
            "test"),
        null,
        null,
        List.of("fraud", "legit"),
        null,
        null,
        null,
        null);
  }
}
