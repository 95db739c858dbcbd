package dev.kinetic.platform.store;

/** The object store failed or refused an operation. */
public class ObjectStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ObjectStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
