package dev.kinetic.platform.store;

/**
 * Writes for keys that must never change: the first write wins, writing the same bytes again is a
 * no-op (so retried work is idempotent), and different bytes are refused.
 */
public final class ImmutableObjects {

  private ImmutableObjects() {}

  /**
   * Writes {@code content} at {@code key} unless it is already there.
   *
   * @return true if this call created the object, false if the same bytes were already there
   * @throws ImmutableObjectException if the key holds different bytes
   */
  public static boolean putOnce(ObjectStore store, String key, ObjectContent content) {
    try {
      store.put(key, content, WriteCondition.ifAbsent());
      return true;
    } catch (PreconditionFailedException exists) {
      String existing =
          store
              .get(key)
              .map(object -> Sha256.of(object.content()))
              .orElseThrow(
                  () -> new ObjectStoreException(key + " vanished while being compared", exists));
      String written = Sha256.of(content.open());
      if (!existing.equals(written)) {
        throw new ImmutableObjectException(key, existing, written);
      }
      return false;
    }
  }
}
