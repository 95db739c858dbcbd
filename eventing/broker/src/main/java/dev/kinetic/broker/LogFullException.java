package dev.kinetic.broker;

/** The broker cannot take more events now; ingress answers 429 with Retry-After. */
public class LogFullException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LogFullException(String message) {
    super(message);
  }
}
