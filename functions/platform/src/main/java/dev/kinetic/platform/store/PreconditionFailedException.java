package dev.kinetic.platform.store;

/** A conditional write found the key in another state than required; nothing was written. */
public class PreconditionFailedException extends ObjectStoreException {

  private static final long serialVersionUID = 1L;

  public PreconditionFailedException(String key, WriteCondition condition) {
    super("write to " + key + " refused: precondition " + condition + " does not hold", null);
  }
}
