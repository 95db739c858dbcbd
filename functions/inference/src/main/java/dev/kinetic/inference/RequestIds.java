package dev.kinetic.inference;

import java.util.UUID;

/**
 * The id a decision is recorded and found under: the caller's when it gives one, else a new one. A
 * caller's id is at most {@value #MAX_LENGTH} characters, so that with the {@code /<row>} of a
 * many-row request it stays within the 256 the event catalog allows for ids.
 */
final class RequestIds {

  static final int MAX_LENGTH = 200;

  private RequestIds() {}

  /**
   * {@code given}, or a new id when it is absent or blank (a header sent empty).
   *
   * @param location where {@code given} came from, for the error: {@code X-Request-Id}
   * @throws InvalidInputException if {@code given} is longer than {@value #MAX_LENGTH} characters
   */
  static String orNew(String given, String location) {
    return given == null || given.isBlank() ? UUID.randomUUID().toString() : given(given, location);
  }

  /**
   * {@code given}, which the caller chose to send: the {@code id} of an Open Inference Protocol
   * request, which the answer must carry as it came.
   *
   * @throws InvalidInputException if {@code given} is blank or longer than {@value #MAX_LENGTH}
   *     characters
   */
  static String given(String given, String location) {
    if (given.isBlank()) {
      throw new InvalidInputException(location, "is blank; leave it out or give an id");
    }
    if (given.length() > MAX_LENGTH) {
      throw new InvalidInputException(
          location, "is " + given.length() + " characters long; at most " + MAX_LENGTH);
    }
    return given;
  }
}
