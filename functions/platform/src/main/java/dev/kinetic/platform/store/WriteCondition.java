package dev.kinetic.platform.store;

/**
 * When a write may happen, checked by the store atomically with the write (S3's conditional writes:
 * {@code If-None-Match: *} and {@code If-Match: <etag>}).
 */
public sealed interface WriteCondition {

  /** Always: overwrite whatever is there. */
  static WriteCondition none() {
    return None.INSTANCE;
  }

  /** Only if nothing is at the key yet: create-only, for immutable objects. */
  static WriteCondition ifAbsent() {
    return IfAbsent.INSTANCE;
  }

  /** Only if the object at the key still has {@code etag}: compare-and-set. */
  static WriteCondition ifMatch(String etag) {
    return new IfMatch(etag);
  }

  enum None implements WriteCondition {
    INSTANCE
  }

  enum IfAbsent implements WriteCondition {
    INSTANCE
  }

  record IfMatch(String etag) implements WriteCondition {
    public IfMatch {
      if (etag == null || etag.isBlank()) {
        throw new IllegalArgumentException("ifMatch needs an ETag");
      }
    }
  }
}
