package dev.kinetic.registry;

/** A request the registry's current state does not allow, such as rolling back the first model. */
public class ConflictException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
