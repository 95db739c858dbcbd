package dev.kinetic.platform.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What to write: bytes in memory, or a file streamed from disk so large data never fills the heap.
 */
public sealed interface ObjectContent {

  long size();

  InputStream open();

  static ObjectContent of(byte[] bytes) {
    return new Bytes(bytes);
  }

  static ObjectContent of(Path file) {
    return new File(file);
  }

  record Bytes(byte[] bytes) implements ObjectContent {
    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(bytes);
    }
  }

  record File(Path path) implements ObjectContent {
    @Override
    public long size() {
      try {
        return Files.size(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public InputStream open() {
      try {
        return Files.newInputStream(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
