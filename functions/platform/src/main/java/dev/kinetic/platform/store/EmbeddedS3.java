package dev.kinetic.platform.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 API for tests: S3Proxy in-process on a free loopback port, storing objects as files
 * under a folder the test owns, so tests can also reach behind the API to corrupt them. Conditional
 * writes are made atomic as on S3 (see {@link AtomicConditionalWrites}).
 */
public final class EmbeddedS3 implements AutoCloseable {

  public static final String ACCESS_KEY = "kinetic";
  public static final String SECRET_KEY = "kinetic-secret";

  private final S3Proxy proxy;
  private final BlobStore blobStore;
  private final Path directory;

  private EmbeddedS3(S3Proxy proxy, BlobStore blobStore, Path directory) {
    this.proxy = proxy;
    this.blobStore = blobStore;
    this.directory = directory;
  }

  /** Starts a server on a free port whose objects live as files under {@code directory}. */
  public static EmbeddedS3 start(Path directory) {
    return start(directory, 0);
  }

  /** Starts a server on {@code port} (0 for a free one) over files under {@code directory}. */
  public static EmbeddedS3 start(Path directory, int port) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toString());
    properties.setProperty("jclouds.identity", ACCESS_KEY);
    properties.setProperty("jclouds.credential", SECRET_KEY);
    BlobStore blobStore =
        new AtomicConditionalWrites(BlobStores.create("filesystem-nio2", properties));
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .ignoreUnknownHeaders(true)
            .build();
    try {
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        Thread.sleep(10);
      }
    } catch (Exception e) {
      blobStore.close();
      throw new IllegalStateException("S3Proxy did not start", e);
    }
    return new EmbeddedS3(proxy, blobStore, directory);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public S3Settings settings(String bucket) {
    return S3Settings.compatible(endpoint(), bucket, ACCESS_KEY, SECRET_KEY);
  }

  /** Where the filesystem backend keeps {@code key} of {@code bucket}. */
  public Path fileOf(String bucket, String key) {
    return directory.resolve(bucket).resolve(key);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    } finally {
      blobStore.close();
    }
  }
}
