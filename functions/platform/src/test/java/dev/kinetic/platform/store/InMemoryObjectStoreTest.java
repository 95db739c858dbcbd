package dev.kinetic.platform.store;

class InMemoryObjectStoreTest extends ObjectStoreContract {

  private final InMemoryObjectStore store = new InMemoryObjectStore();

  @Override
  protected ObjectStore store() {
    return store;
  }
}
