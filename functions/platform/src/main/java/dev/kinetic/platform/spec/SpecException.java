package dev.kinetic.platform.spec;

import dev.kinetic.contracts.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** A model spec that cannot be used, with every field at fault and why. */
public class SpecException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  public SpecException(String source, List<Violation> violations) {
    super(
        violations.stream()
            .map(Violation::toString)
            .collect(Collectors.joining("\n  ", "invalid model spec " + source + ":\n  ", "")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
