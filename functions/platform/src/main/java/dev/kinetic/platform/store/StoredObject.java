package dev.kinetic.platform.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** An object being read: its metadata and a stream over its content, closed by the caller. */
public record StoredObject(ObjectInfo info, InputStream content) implements AutoCloseable {

  /** Reads the rest of the content; for objects known to be small. */
  public byte[] readAllBytes() {
    try (content) {
      return content.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + info.key(), e);
    }
  }

  @Override
  public void close() {
    try {
      content.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing " + info.key(), e);
    }
  }
}
