package dev.kinetic.platform.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests in lower-case hex, of bytes, of streams, and of streams as they are read. */
public final class Sha256 {

  private Sha256() {}

  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** Reads {@code content} to the end and closes it. */
  public static String of(InputStream content) {
    MessageDigest digest = digest();
    byte[] buffer = new byte[64 * 1024];
    try (content) {
      for (int n; (n = content.read(buffer)) != -1; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Returns {@code bytes} if they hash to {@code expected}.
   *
   * @throws IntegrityException naming {@code key} otherwise
   */
  public static byte[] verified(byte[] bytes, String key, String expected) {
    String actual = of(bytes);
    if (!actual.equals(expected)) {
      throw new IntegrityException(key, expected, actual);
    }
    return bytes;
  }

  /**
   * A stream that hashes what passes through it and, on reaching the end, throws {@link
   * IntegrityException} if the content was not what {@code expected} says. Only a reader that reads
   * to the end gets the verdict, which is every reader of a whole artefact.
   */
  public static InputStream verifying(InputStream content, String key, String expected) {
    return new VerifyingInputStream(content, key, expected);
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static final class VerifyingInputStream extends FilterInputStream {
    private final MessageDigest digest = digest();
    private final String key;
    private final String expected;
    private boolean verified;

    VerifyingInputStream(InputStream in, String key, String expected) {
      super(in);
      this.key = key;
      this.expected = expected;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b == -1) {
        verify();
      } else {
        digest.update((byte) b);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n == -1) {
        verify();
      } else {
        digest.update(buffer, offset, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes must be hashed too, so read them instead.
      return Math.max(0, read(new byte[(int) Math.min(Math.max(n, 0), 64 * 1024)]));
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void verify() {
      if (verified) {
        return;
      }
      verified = true;
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(expected)) {
        throw new IntegrityException(key, expected, actual);
      }
    }
  }
}
