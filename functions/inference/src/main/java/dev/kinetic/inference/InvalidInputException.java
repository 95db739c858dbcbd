package dev.kinetic.inference;

import dev.kinetic.contracts.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Input that cannot be scored, with where it is wrong: {@code instances[2].amount}. A request's
 * instances are all checked before it is refused, so one answer names every problem in them (up to
 * {@link #MAX_REPORTED}), not only the first.
 */
class InvalidInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Problems listed in one answer; a request of bad rows is refused with the first ones. */
  static final int MAX_REPORTED = 100;

  /** Problems spelled out in the message; the rest are in {@link #violations()}. */
  private static final int IN_MESSAGE = 5;

  private final transient List<Violation> violations;

  InvalidInputException(String location, String reason) {
    this(List.of(new Violation(location, reason)));
  }

  /**
   * @param violations at least one
   */
  InvalidInputException(List<Violation> violations) {
    super(message(violations));
    this.violations = List.copyOf(violations);
  }

  private static String message(List<Violation> violations) {
    String named =
        violations.stream()
            .limit(IN_MESSAGE)
            .map(Violation::toString)
            .collect(Collectors.joining("; "));
    return violations.size() <= IN_MESSAGE
        ? named
        : named + "; and " + (violations.size() - IN_MESSAGE) + " more (see violations)";
  }

  /** Where the first problem is. */
  String location() {
    return violations.getFirst().location();
  }

  /** What the first problem is: {@code must be a number, was the string 'ten'}. */
  String reason() {
    return violations.getFirst().reason();
  }

  /** Every problem found, in the order of the instances and their features. */
  List<Violation> violations() {
    return violations;
  }
}
