package dev.kinetic.platform.store;

import java.util.List;
import java.util.Optional;

/**
 * A flat key space of immutable-by-convention objects. Keys use {@code /} as a separator and never
 * start with one. All methods are thread-safe; failures of the store itself surface as {@link
 * ObjectStoreException}.
 */
public interface ObjectStore {

  /**
   * Writes {@code content} at {@code key} if {@code condition} holds at the moment of writing.
   *
   * @return the new object's ETag, for a later {@link WriteCondition#ifMatch}
   * @throws PreconditionFailedException if the condition did not hold; nothing was written
   */
  String put(String key, ObjectContent content, WriteCondition condition);

  /** Writes unconditionally. */
  default String put(String key, byte[] bytes) {
    return put(key, ObjectContent.of(bytes), WriteCondition.none());
  }

  /** Opens the object for streaming; the caller closes it. Empty if there is no such key. */
  Optional<StoredObject> get(String key);

  /** The object's metadata without its content. */
  Optional<ObjectInfo> head(String key);

  /** Every object whose key starts with {@code prefix}, in key order, however many there are. */
  List<ObjectInfo> list(String prefix);

  /** Removes the object; removing a missing key is not an error. */
  void delete(String key);
}
