package dev.kinetic.contracts;

/**
 * One thing wrong with an event. {@code location} is a CloudEvent attribute name ({@code id},
 * {@code type}, ...), or a JSON pointer into the data starting at {@code /data}.
 */
public record Violation(String location, String reason) {

  @Override
  public String toString() {
    return location + ": " + reason;
  }
}
