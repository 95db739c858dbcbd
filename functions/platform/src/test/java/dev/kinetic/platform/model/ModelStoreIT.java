package dev.kinetic.platform.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.platform.store.EmbeddedS3;
import dev.kinetic.platform.store.IntegrityException;
import dev.kinetic.platform.store.S3ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model versions and the champion alias on a real S3 API. */
class ModelStoreIT {

  @TempDir Path storage;

  @Test
  void servesAPublishedVersionAndRefusesItOnceCorruptedOnDisk() throws IOException {
    try (EmbeddedS3 server = EmbeddedS3.start(storage);
        S3ObjectStore objects = S3ObjectStore.connect(server.settings("kinetic"))) {
      objects.ensureBucket();
      ModelStore models = new ModelStore(objects);
      byte[] onnx = "onnx-bytes".getBytes(UTF_8);
      models.publish(ModelCards.fraud("v1"), onnx);
      Champion champion =
          models.compareAndSetChampion("fraud", Optional.empty(), "v1", "first").orElseThrow();

      assertThat(models.load("fraud", "v1").orElseThrow().onnx()).isEqualTo(onnx);
      assertThat(models.champion("fraud")).contains(champion);

      Files.write(
          server.fileOf("kinetic", ModelStore.modelKey("fraud", "v1")), "tampered".getBytes(UTF_8));

      assertThatThrownBy(() -> models.load("fraud", "v1"))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining("models/fraud/v1/model.onnx is corrupt");
    }
  }
}
