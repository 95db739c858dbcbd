package dev.kinetic.inference;

import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.ObjectInfo;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.StoredObject;
import dev.kinetic.platform.store.WriteCondition;
import java.util.List;
import java.util.Optional;

/** A store that passes every call on to {@link #store()}, for tests to change one of them. */
public interface ForwardingStore extends ObjectStore {

  /** What a test does before a read; an interrupt ends it and is kept for the reader. */
  @FunctionalInterface
  interface Hook {
    void run() throws InterruptedException;
  }

  /**
   * {@code store}, with {@code beforeGraph} run each time a model's graph ({@code .onnx}) is read.
   */
  static ForwardingStore beforeReadingGraphs(ObjectStore store, Hook beforeGraph) {
    return new ForwardingStore() {
      @Override
      public ObjectStore store() {
        return store;
      }

      @Override
      public Optional<StoredObject> get(String key) {
        if (key.endsWith(".onnx")) {
          try {
            beforeGraph.run();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return store.get(key);
      }
    };
  }

  ObjectStore store();

  @Override
  default String put(String key, ObjectContent content, WriteCondition condition) {
    return store().put(key, content, condition);
  }

  @Override
  default Optional<StoredObject> get(String key) {
    return store().get(key);
  }

  @Override
  default Optional<ObjectInfo> head(String key) {
    return store().head(key);
  }

  @Override
  default List<ObjectInfo> list(String prefix) {
    return store().list(prefix);
  }

  @Override
  default void delete(String key) {
    store().delete(key);
  }
}
