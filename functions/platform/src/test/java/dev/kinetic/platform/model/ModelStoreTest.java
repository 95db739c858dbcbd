package dev.kinetic.platform.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.platform.store.ImmutableObjectException;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.platform.store.IntegrityException;
import dev.kinetic.platform.store.Sha256;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelStoreTest {

  private static final byte[] ONNX = "onnx-bytes-v1".getBytes(UTF_8);

  private final InMemoryObjectStore objects = new InMemoryObjectStore();
  private final ModelStore models = new ModelStore(objects);

  static ModelCard card(String version) {
    return ModelCards.fraud(version);
  }

  @Test
  void publishesTheOnnxFileAndACardRecordingItsSha256() {
    ModelCard stored = models.publish(card("v1"), ONNX);

    assertThat(stored.modelSha256()).isEqualTo(Sha256.of(ONNX));
    assertThat(objects.head("models/fraud/v1/model.onnx")).isPresent();
    assertThat(models.card("fraud", "v1")).contains(stored);
    LoadedModel loaded = models.load("fraud", "v1").orElseThrow();
    assertThat(loaded.onnx()).isEqualTo(ONNX);
    assertThat(loaded.card().spec().features()).hasSize(5);
  }

  @Test
  void refusesToLoadAModelWhoseBytesDoNotMatchItsCard() {
    models.publish(card("v1"), ONNX);
    objects.corrupt("models/fraud/v1/model.onnx", "tampered".getBytes(UTF_8));

    assertThatThrownBy(() -> models.load("fraud", "v1"))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("models/fraud/v1/model.onnx is corrupt");
  }

  @Test
  void aVersionIsImmutableButRepublishingItIsHarmless() {
    models.publish(card("v1"), ONNX);

    models.publish(card("v1"), ONNX);

    assertThatThrownBy(() -> models.publish(card("v1"), "other".getBytes(UTF_8)))
        .isInstanceOf(ImmutableObjectException.class);
  }

  @Test
  void theFirstChampionIsSetOnlyWhenThereIsNone() {
    models.publish(card("v1"), ONNX);
    models.publish(card("v2"), ONNX);

    Champion first =
        models.compareAndSetChampion("fraud", Optional.empty(), "v1", "first model").orElseThrow();

    assertThat(first.version()).isEqualTo("v1");
    assertThat(first.alias().previousVersion()).isNull();
    assertThat(models.compareAndSetChampion("fraud", Optional.empty(), "v2", "racing")).isEmpty();
    assertThat(models.champion("fraud")).contains(first);
  }

  @Test
  void movesTheChampionOnlyFromTheVersionItWasRead() {
    models.publish(card("v1"), ONNX);
    models.publish(card("v2"), ONNX);
    models.publish(card("v3"), ONNX);
    Optional<Champion> v1 = models.compareAndSetChampion("fraud", Optional.empty(), "v1", "first");

    Champion v2 = models.compareAndSetChampion("fraud", v1, "v2", "beat v1").orElseThrow();

    assertThat(v2.alias().previousVersion()).isEqualTo("v1");
    assertThat(models.compareAndSetChampion("fraud", v1, "v3", "stale read")).isEmpty();
    assertThat(models.champion("fraud").orElseThrow().version()).isEqualTo("v2");
  }

  @Test
  void onlyAPublishedVersionCanBecomeChampion() {
    assertThatThrownBy(() -> models.compareAndSetChampion("fraud", Optional.empty(), "v9", "typo"))
        .hasMessageContaining("fraud has no published version v9");
  }

  @Test
  void listsVersionsWithoutTheAlias() {
    models.publish(card("v1"), ONNX);
    models.publish(card("v2"), ONNX);
    models.compareAndSetChampion("fraud", Optional.empty(), "v1", "first");

    assertThat(models.versions("fraud")).extracting(ModelCard::version).containsExactly("v1", "v2");
  }
}
