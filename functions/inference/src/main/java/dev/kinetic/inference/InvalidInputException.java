package dev.kinetic.inference;

/** Input that cannot be scored, with where it is wrong: {@code instances[2].amount}. */
class InvalidInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String location;

  InvalidInputException(String location, String reason) {
    super(location + ": " + reason);
    this.location = location;
  }

  String location() {
    return location;
  }
}
