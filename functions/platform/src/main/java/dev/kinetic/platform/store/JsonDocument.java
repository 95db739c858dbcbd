package dev.kinetic.platform.store;

import dev.kinetic.contracts.Json;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A small mutable JSON object in the store, changed by read-modify-write under a compare-and-set,
 * so writers on several replicas never overwrite each other's changes.
 */
public final class JsonDocument<T> {

  private static final int ATTEMPTS = 10;

  private final ObjectStore store;
  private final String key;
  private final Class<T> type;
  private final Supplier<T> initial;

  /**
   * @param initial the value of a document that does not exist yet
   */
  public JsonDocument(ObjectStore store, String key, Class<T> type, Supplier<T> initial) {
    this.store = store;
    this.key = key;
    this.type = type;
    this.initial = initial;
  }

  public String key() {
    return key;
  }

  /** The stored value, or the initial one. */
  public T read() {
    return store
        .get(key)
        .map(object -> Json.MAPPER.readValue(object.readAllBytes(), type))
        .orElseGet(initial);
  }

  /**
   * Applies {@code change} to the stored value and writes the result, reading and applying again
   * when another writer got there first. A change that returns its argument itself writes nothing.
   *
   * @return the value now stored
   */
  public T update(UnaryOperator<T> change) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<StoredObject> current = store.get(key);
      T value;
      WriteCondition condition;
      if (current.isPresent()) {
        try (StoredObject object = current.get()) {
          value = Json.MAPPER.readValue(object.readAllBytes(), type);
          condition = WriteCondition.ifMatch(object.info().etag());
        }
      } else {
        value = initial.get();
        condition = WriteCondition.ifAbsent();
      }
      T next = change.apply(value);
      if (next == value) {
        return value;
      }
      try {
        store.put(key, ObjectContent.of(Json.MAPPER.writeValueAsBytes(next)), condition);
        return next;
      } catch (PreconditionFailedException concurrentWriter) {
        // read again and reapply
      }
    }
    throw new IllegalStateException(key + " is too contended: " + ATTEMPTS + " writers won first");
  }
}
