package dev.kinetic.platform;

/**
 * A well-formed event whose payload cannot be processed, and never will be: an unknown model, data
 * that does not parse, a reference to nothing. Functions answer it with a 4xx naming {@code field},
 * so a broker dead-letters the event at once instead of retrying it.
 */
public class UnprocessableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public UnprocessableException(String field, String message) {
    super(message);
    this.field = field;
  }

  public UnprocessableException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The payload field at fault, e.g. {@code model} or {@code csv}. */
  public String field() {
    return field;
  }
}
