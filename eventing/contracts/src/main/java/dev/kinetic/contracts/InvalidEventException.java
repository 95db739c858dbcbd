package dev.kinetic.contracts;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An event that Kinetic will not process, with every reason found. Receivers answer it with a 4xx,
 * so the broker dead-letters the event instead of retrying it.
 */
public class InvalidEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  public InvalidEventException(List<Violation> violations) {
    super(
        violations.stream()
            .map(Violation::toString)
            .collect(Collectors.joining("; ", "invalid event: ", "")));
    this.violations = List.copyOf(violations);
  }

  public InvalidEventException(String location, String reason) {
    this(List.of(new Violation(location, reason)));
  }

  public List<Violation> violations() {
    return violations;
  }
}
