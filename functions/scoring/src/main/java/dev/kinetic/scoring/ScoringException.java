package dev.kinetic.scoring;

/** ONNX Runtime could not load or run a model. */
public class ScoringException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ScoringException(String message) {
    super(message);
  }

  public ScoringException(String message, Throwable cause) {
    super(message, cause);
  }
}
