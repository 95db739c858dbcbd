package dev.kinetic.local;

/** A function could not be started, or died while starting; the message carries its log's tail. */
public class FunctionUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FunctionUnavailableException(String message) {
    super(message);
  }
}
