package dev.kinetic.platform.dataset;

import java.util.Map;

/**
 * One record of submitted or stored data: its 1-based number in the input, its values by column
 * name (absent or empty means missing), and a problem with its shape when it could not be read as a
 * whole row (e.g. more values than the header has columns).
 */
public record Row(long number, Map<String, String> values, String shapeProblem) {

  /** The value of {@code column}, or {@code null} if it is absent or blank. */
  public String value(String column) {
    String value = values.get(column);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
