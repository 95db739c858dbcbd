package dev.kinetic.platform.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The object store's fake for unit tests: the same conditions and errors as S3, in memory. ETags
 * are quoted MD5 hex, as S3 gives for single-part uploads.
 */
public final class InMemoryObjectStore implements ObjectStore {

  private record Entry(byte[] bytes, ObjectInfo info) {}

  private final ConcurrentSkipListMap<String, Entry> objects = new ConcurrentSkipListMap<>();
  private final Clock clock;

  public InMemoryObjectStore() {
    this(Clock.systemUTC());
  }

  public InMemoryObjectStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String put(String key, ObjectContent content, WriteCondition condition) {
    byte[] bytes = readAll(content);
    ObjectInfo info = new ObjectInfo(key, etag(bytes), bytes.length, clock.instant());
    objects.compute(
        key,
        (k, existing) -> {
          if (!holds(condition, existing)) {
            throw new PreconditionFailedException(key, condition);
          }
          return new Entry(bytes, info);
        });
    return info.etag();
  }

  private static boolean holds(WriteCondition condition, Entry existing) {
    return switch (condition) {
      case WriteCondition.None none -> true;
      case WriteCondition.IfAbsent absent -> existing == null;
      case WriteCondition.IfMatch match ->
          existing != null && existing.info().etag().equals(match.etag());
    };
  }

  @Override
  public Optional<StoredObject> get(String key) {
    return Optional.ofNullable(objects.get(key))
        .map(entry -> new StoredObject(entry.info(), new ByteArrayInputStream(entry.bytes())));
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    return Optional.ofNullable(objects.get(key)).map(Entry::info);
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    return objects.tailMap(prefix).entrySet().stream()
        .takeWhile(entry -> entry.getKey().startsWith(prefix))
        .map(entry -> entry.getValue().info())
        .toList();
  }

  @Override
  public void delete(String key) {
    objects.remove(key);
  }

  /**
   * Replaces an object's bytes behind the store's back, as disk corruption or a rogue writer would.
   */
  public void corrupt(String key, byte[] bytes) {
    objects.computeIfPresent(key, (k, entry) -> new Entry(bytes, entry.info()));
  }

  private static byte[] readAll(ObjectContent content) {
    try (InputStream in = content.open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String etag(byte[] bytes) {
    try {
      return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
