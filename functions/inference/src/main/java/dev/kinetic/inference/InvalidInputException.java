package dev.kinetic.inference;

/** Input that cannot be scored, with where it is wrong: {@code instances[2].amount}. */
class InvalidInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String location;
  private final String reason;

  InvalidInputException(String location, String reason) {
    super(location + ": " + reason);
    this.location = location;
    this.reason = reason;
  }

  String location() {
    return location;
  }

  /** What is wrong there: {@code must be a number, was the string 'ten'}. */
  String reason() {
    return reason;
  }
}
