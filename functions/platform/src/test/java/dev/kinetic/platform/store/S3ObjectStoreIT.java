package dev.kinetic.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object store contract against a real S3 API (S3Proxy, in-process, filesystem backend). */
class S3ObjectStoreIT extends ObjectStoreContract {

  @TempDir static Path storage;
  static EmbeddedS3 server;

  private S3ObjectStore store;

  @BeforeAll
  static void startServer() {
    server = EmbeddedS3.start(storage);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void connect() {
    store = S3ObjectStore.connect(server.settings("kinetic-" + UUID.randomUUID()));
    store.ensureBucket();
  }

  @AfterEach
  void disconnect() {
    store.close();
  }

  @Override
  protected ObjectStore store() {
    return store;
  }

  /**
   * Failsafe runs this JVM with a 160 MiB heap (see the module POM), so an object twice that size
   * can only pass through as a stream.
   */
  @Test
  void streamsAnObjectLargerThanTheHeap(@TempDir Path work) throws IOException {
    long size = 352L * 1024 * 1024;
    assertThat(Runtime.getRuntime().maxMemory()).isLessThan(size / 2);
    Path source = work.resolve("large.bin");
    String writtenSha;
    try (OutputStream out = Files.newOutputStream(source)) {
      Random random = new Random(7);
      byte[] block = new byte[1024 * 1024];
      for (long written = 0; written < size; written += block.length) {
        random.nextBytes(block);
        out.write(block);
      }
    }
    writtenSha = Sha256.of(Files.newInputStream(source));

    store.put("datasets/big/data.csv", ObjectContent.of(source), WriteCondition.ifAbsent());

    try (StoredObject object = store.get("datasets/big/data.csv").orElseThrow()) {
      assertThat(object.info().size()).isEqualTo(size);
      assertThat(Sha256.of(object.content())).isEqualTo(writtenSha);
    }
  }

  @Test
  void detectsAnObjectCorruptedBehindTheApi() throws IOException {
    byte[] original = "amount,label\n1.0,legit\n".getBytes();
    store.put("datasets/fraud/x/data.csv", original);
    Path file = server.fileOf(store.bucket(), "datasets/fraud/x/data.csv");
    byte[] corrupted = original.clone();
    corrupted[7] = 'X';
    Files.write(file, corrupted);

    try (StoredObject object = store.get("datasets/fraud/x/data.csv").orElseThrow();
        InputStream verifying =
            Sha256.verifying(object.content(), "datasets/fraud/x/data.csv", Sha256.of(original))) {
      assertThatThrownBy(verifying::readAllBytes)
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining("datasets/fraud/x/data.csv is corrupt");
    }
  }

  @Test
  void immutableKeyRefusesDifferentBytesAndAcceptsTheSameAgain() {
    byte[] card = "{\"version\":\"v1\"}".getBytes();

    assertThat(ImmutableObjects.putOnce(store, "models/fraud/v1/card.json", ObjectContent.of(card)))
        .isTrue();
    assertThat(ImmutableObjects.putOnce(store, "models/fraud/v1/card.json", ObjectContent.of(card)))
        .isFalse();
    assertThatThrownBy(
            () ->
                ImmutableObjects.putOnce(
                    store,
                    "models/fraud/v1/card.json",
                    ObjectContent.of("{\"version\":\"v2\"}".getBytes())))
        .isInstanceOf(ImmutableObjectException.class)
        .hasMessageContaining("models/fraud/v1/card.json is immutable");
  }
}
