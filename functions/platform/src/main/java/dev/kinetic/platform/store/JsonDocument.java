package dev.kinetic.platform.store;

import dev.kinetic.contracts.Json;
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

  /** The stored value, or the initial one. */
  public T read() {
    return store
        .get(key)
        .map(object -> Json.MAPPER.readValue(object.readAllBytes(), type))
        .orElseGet(initial);
  }

  /** A value as stored, with the ETag a conditional write needs ({@code null}: not stored yet). */
  public record Versioned<T>(T value, String etag) {}

  /** The stored value and its ETag, or the initial value. */
  public Versioned<T> readVersioned() {
    return store
        .get(key)
        .map(
            object -> {
              try (object) {
                return new Versioned<>(
                    Json.MAPPER.readValue(object.readAllBytes(), type), object.info().etag());
              }
            })
        .orElseGet(() -> new Versioned<>(initial.get(), null));
  }

  /**
   * Applies {@code change} to the stored value and writes the result, reading and applying again
   * when another writer got there first. A change that returns its argument itself writes nothing.
   *
   * @return the value now stored
   */
  public T update(UnaryOperator<T> change) {
    return update(readVersioned(), change).value();
  }

  /**
   * As {@link #update(UnaryOperator)}, starting from {@code known}, what this writer last read or
   * wrote: while no one else wrote since, the change costs one write and no read.
   */
  public Versioned<T> update(Versioned<T> known, UnaryOperator<T> change) {
    Versioned<T> current = known;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      T next = change.apply(current.value());
      if (next == current.value()) {
        return current;
      }
      WriteCondition condition =
          current.etag() == null
              ? WriteCondition.ifAbsent()
              : WriteCondition.ifMatch(current.etag());
      try {
        String etag =
            store.put(key, ObjectContent.of(Json.MAPPER.writeValueAsBytes(next)), condition);
        return new Versioned<>(next, etag);
      } catch (PreconditionFailedException concurrentWriter) {
        current = readVersioned();
      }
    }
    throw new IllegalStateException(key + " is too contended: " + ATTEMPTS + " writers won first");
  }
}
