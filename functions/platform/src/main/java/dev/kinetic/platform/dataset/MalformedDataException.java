package dev.kinetic.platform.dataset;

import dev.kinetic.platform.UnprocessableException;

/**
 * Input that cannot be read as rows at all: broken CSV quoting, invalid JSON, a header without a
 * needed column. Single bad rows are not this; they are rejected and quarantined.
 */
public class MalformedDataException extends UnprocessableException {

  private static final long serialVersionUID = 1L;

  public MalformedDataException(String message) {
    super("data", message);
  }

  public MalformedDataException(String message, Throwable cause) {
    super("data", message, cause);
  }
}
