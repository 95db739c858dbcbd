package dev.kinetic.platform.store;

/** An immutable key already holds different bytes than those being written. */
public class ImmutableObjectException extends ObjectStoreException {

  private static final long serialVersionUID = 1L;

  public ImmutableObjectException(String key, String existingSha256, String newSha256) {
    super(
        key
            + " is immutable and already holds other content (SHA-256 "
            + existingSha256
            + ", not "
            + newSha256
            + ")",
        null);
  }
}
