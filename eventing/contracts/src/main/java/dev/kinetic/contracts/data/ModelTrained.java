package dev.kinetic.contracts.data;

import java.util.List;
import java.util.Map;

/** A candidate model version, trained and published, waiting for the promotion gate. */
public record ModelTrained(
    String model,
    String version,
    String modelKey,
    String cardKey,
    String modelSha256,
    Map<String, Double> metrics,
    Lineage lineage)
    implements ModelScoped {

  /** What the version was made from: enough to train it again. */
  public record Lineage(
      List<String> datasetVersions,
      String specSha256,
      String trainer,
      Map<String, Object> parameters,
      long seed,
      String codeVersion) {}
}
