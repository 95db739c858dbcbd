package dev.kinetic.contracts.data;

/**
 * The outcome of one ingestion. {@code datasetVersion} and the keys are present only when at least
 * one row was accepted; {@code duplicate} says the content was already a version, so training need
 * not run again.
 */
public record DatasetIngested(
    String model,
    String datasetVersion,
    String dataKey,
    String profileKey,
    String manifestKey,
    String quarantineKey,
    long rowsAccepted,
    long rowsRejected,
    boolean duplicate,
    Origin origin)
    implements ModelScoped {

  /** Where the rows came from. */
  public enum Origin {
    /** Submitted as {@code data.submitted}: a batch to train on. */
    submitted,
    /** Production traffic labelled by {@code feedback.received}: data for the retraining policy. */
    feedback
  }

  public DatasetIngested {
    origin = origin == null ? Origin.submitted : origin;
  }
}
