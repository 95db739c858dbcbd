package dev.kinetic.platform.dataset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.platform.store.IntegrityException;
import dev.kinetic.platform.store.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetStoreTest {

  private static final byte[] PROFILE = "{\"rows\":2}".getBytes(UTF_8);

  @TempDir Path work;
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-26T10:00:00Z"));
  private final InMemoryObjectStore objects = new InMemoryObjectStore();
  private final DatasetStore datasets =
      new DatasetStore(
          objects,
          new Clock() {
            @Override
            public java.time.ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now.get();
            }
          });

  private Path csv(String content) throws IOException {
    return Files.writeString(Files.createTempFile(work, "data", ".csv"), content);
  }

  @Test
  void namesAVersionByTheSha256OfItsDataAndLaysItOutByModel() throws IOException {
    String content = "amount,label\n1.0,legit\n2.0,fraud\n";

    PublishedDataset published = datasets.publish("fraud", csv(content), PROFILE, 2);

    String version = Sha256.of(content.getBytes(UTF_8));
    assertThat(published.duplicate()).isFalse();
    assertThat(published.manifest().version()).isEqualTo(version);
    assertThat(published.manifest().dataKey()).isEqualTo("datasets/fraud/" + version + "/data.csv");
    assertThat(published.manifest().profileKey())
        .isEqualTo("datasets/fraud/" + version + "/profile.json");
    assertThat(objects.head("datasets/fraud/" + version + "/manifest.json")).isPresent();
    assertThat(datasets.manifest("fraud", version)).contains(published.manifest());
    assertThat(published.manifest().rows()).isEqualTo(2);
    assertThat(published.manifest().sizeBytes()).isEqualTo(content.length());
  }

  @Test
  void theSameContentTwiceIsOneVersion() throws IOException {
    PublishedDataset first = datasets.publish("fraud", csv("a,label\n1,x\n"), PROFILE, 1);
    now.set(now.get().plusSeconds(60));

    PublishedDataset second = datasets.publish("fraud", csv("a,label\n1,x\n"), PROFILE, 1);

    assertThat(second.duplicate()).isTrue();
    assertThat(second.manifest()).isEqualTo(first.manifest());
    assertThat(datasets.versions("fraud")).hasSize(1);
  }

  @Test
  void listsVersionsOldestFirstAndFindsTheLatest() throws IOException {
    datasets.publish("fraud", csv("a,label\n1,x\n"), PROFILE, 1);
    now.set(now.get().plusSeconds(60));
    PublishedDataset newer = datasets.publish("fraud", csv("a,label\n2,y\n"), PROFILE, 1);
    datasets.publish("churn", csv("b,label\n3,z\n"), PROFILE, 1);

    assertThat(datasets.versions("fraud")).hasSize(2).last().isEqualTo(newer.manifest());
    assertThat(datasets.latest("fraud")).contains(newer.manifest());
    assertThat(datasets.latest("nobody")).isEmpty();
  }

  @Test
  void completesAVersionThatACrashLeftWithoutManifest() throws IOException {
    Path data = csv("a,label\n1,x\n");
    String version = Sha256.of(Files.newInputStream(data));
    objects.put("datasets/fraud/" + version + "/data.csv", Files.readAllBytes(data));

    PublishedDataset published = datasets.publish("fraud", data, PROFILE, 1);

    assertThat(published.duplicate()).isFalse();
    assertThat(datasets.manifest("fraud", version)).isPresent();
  }

  @Test
  void readingCorruptedDataToTheEndFails() throws IOException {
    PublishedDataset published = datasets.publish("fraud", csv("a,label\n1,x\n"), PROFILE, 1);
    objects.corrupt(published.manifest().dataKey(), "a,label\n9,x\n".getBytes(UTF_8));

    try (InputStream data = datasets.openData(published.manifest())) {
      assertThatThrownBy(data::readAllBytes)
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining(published.manifest().dataKey());
    }
  }

  @Test
  void readsIntactDataAndProfile() throws IOException {
    PublishedDataset published = datasets.publish("fraud", csv("a,label\n1,x\n"), PROFILE, 1);

    try (InputStream data = datasets.openData(published.manifest())) {
      assertThat(data.readAllBytes()).asString(UTF_8).isEqualTo("a,label\n1,x\n");
    }
    assertThat(datasets.profile(published.manifest())).isEqualTo(PROFILE);
  }

  @Test
  void aCorruptedProfileIsRefused() throws IOException {
    PublishedDataset published = datasets.publish("fraud", csv("a,label\n1,x\n"), PROFILE, 1);
    objects.corrupt(published.manifest().profileKey(), "{\"rows\":3}".getBytes(UTF_8));

    assertThatThrownBy(() -> datasets.profile(published.manifest()))
        .isInstanceOf(IntegrityException.class);
  }
}
