package dev.kinetic.platform;

import dev.kinetic.contracts.Violation;
import java.util.List;

/**
 * A well-formed event whose payload cannot be processed, and never will be: an unknown model, data
 * that does not parse, a reference to nothing. Functions answer it with a 4xx naming {@code field},
 * so a broker dead-letters the event at once instead of retrying it.
 */
public class UnprocessableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  public UnprocessableException(String field, String message) {
    super(message);
    this.violations = List.of(new Violation(field, message));
  }

  public UnprocessableException(String field, String message, Throwable cause) {
    super(message, cause);
    this.violations = List.of(new Violation(field, message));
  }

  /**
   * Several problems at once, each located in the payload as {@link #field()} is.
   *
   * @param message what to log: the problems, or the first of many
   * @param violations at least one
   */
  public UnprocessableException(String message, List<Violation> violations) {
    super(message);
    this.violations = List.copyOf(violations);
  }

  /** The payload field at fault, e.g. {@code model} or {@code csv}; the first if there are more. */
  public String field() {
    return violations.getFirst().location();
  }

  /** Every problem: where in the payload, and what. */
  public List<Violation> violations() {
    return violations;
  }
}
