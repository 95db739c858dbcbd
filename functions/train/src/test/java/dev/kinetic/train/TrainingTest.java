package dev.kinetic.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.contracts.data.TrainingRequested;
import dev.kinetic.contracts.data.TrainingRequested.DatasetSelection;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.examples.HousePricesData;
import dev.kinetic.platform.UnprocessableException;
import dev.kinetic.platform.dataset.PublishedDataset;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.store.InMemoryObjectStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class TrainingTest {

  InMemoryObjectStore store = new InMemoryObjectStore();
  Training training = new Training(store, Clock.systemUTC(), "test");
  ModelStore models = new ModelStore(store);

  static TrainingRequested request(String model) {
    return new TrainingRequested(model, TrainingRequested.Reason.manual, null, null);
  }

  @Test
  void trainsAFraudClassifierAndPublishesItsCard() {
    ExampleModels.storeSpec(store, new FraudData());
    PublishedDataset dataset =
        ExampleModels.publish(store, new FraudData(), 3000, 1, Scenario.training);

    ModelTrained trained = training.train("evt-1", request("fraud"));

    ModelCard card = models.card("fraud", trained.version()).orElseThrow();
    assertThat(trained.metrics()).containsKeys("accuracy", "macro_f1", "auc", "log_loss");
    assertThat(trained.metrics().get("accuracy")).isGreaterThan(0.7);
    assertThat(trained.metrics().get("auc")).isGreaterThan(0.7);
    assertThat(trained.lineage().datasetVersions()).containsExactly(dataset.manifest().version());
    assertThat(trained.lineage().trainer()).isEqualTo("logistic-regression");
    assertThat(trained.modelSha256()).isEqualTo(card.modelSha256());
    assertThat(card.labels()).containsExactlyInAnyOrder("fraud", "legit");
    assertThat(card.encoding().names())
        .isSorted()
        .contains("amount", "channel@online", "country@other", "merchant_risk")
        .doesNotContain("email");
    assertThat(card.holdout().rows()).isEqualTo(600);
    assertThat(store.get(card.holdout().key())).isPresent();
    assertThat(card.training().causeEventId()).isEqualTo("evt-1");
    assertThat(card.training().provenance()).isNotEmpty();
    assertThat(card.baselineProfile().rows()).isEqualTo(2400);
  }

  @Test
  void trainsAHousePriceRegression() {
    ExampleModels.storeSpec(store, new HousePricesData());
    ExampleModels.publish(store, new HousePricesData(), 3000, 2, Scenario.training);

    ModelTrained trained = training.train("evt-2", request("house-prices"));

    assertThat(trained.metrics()).containsKeys("rmse", "mae", "r2");
    assertThat(trained.metrics().get("r2")).isGreaterThan(0.8);
    assertThat(models.card("house-prices", trained.version()).orElseThrow().labels())
        .containsExactly("price");
  }

  @Test
  void aRedeliveredEventDoesNotTrainAgain() {
    ExampleModels.storeSpec(store, new FraudData());
    PublishedDataset dataset =
        ExampleModels.publish(store, new FraudData(), 500, 3, Scenario.training);
    DatasetIngested ingested = ExampleModels.ingested(dataset, false);

    ModelTrained first = training.onIngested("evt-3", ingested).orElseThrow();
    ModelTrained again = training.onIngested("evt-3", ingested).orElseThrow();

    assertThat(again).isEqualTo(first);
    assertThat(models.versions("fraud")).hasSize(1);
  }

  @Test
  void concurrentRequestsForOneModelCoalesceIntoOneTraining() throws Exception {
    ExampleModels.storeSpec(store, new FraudData());
    ExampleModels.publish(store, new FraudData(), 2000, 4, Scenario.training);
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      List<CompletableFuture<ModelTrained>> requests =
          List.of(1, 2, 3).stream()
              .map(
                  i ->
                      CompletableFuture.supplyAsync(
                          () -> training.train("evt-c" + i, request("fraud")), pool))
              .toList();

      List<String> versions = requests.stream().map(f -> f.join().version()).distinct().toList();

      assertThat(versions).hasSize(1);
      assertThat(models.versions("fraud")).hasSize(1);
    }
  }

  @Test
  void newDataMakesANewVersion() {
    ExampleModels.storeSpec(store, new FraudData());
    ExampleModels.publish(store, new FraudData(), 500, 5, Scenario.training);
    ModelTrained first = training.train("evt-5", request("fraud"));
    ExampleModels.publish(store, new FraudData(), 500, 6, Scenario.training);

    ModelTrained second = training.train("evt-6", request("fraud"));

    assertThat(second.version()).isNotEqualTo(first.version());
    assertThat(second.lineage().datasetVersions()).isNotEqualTo(first.lineage().datasetVersions());
  }

  @Test
  void trainsOnTheLastRowsAcrossVersionsWhenAsked() {
    ExampleModels.storeSpec(store, new FraudData());
    ExampleModels.publish(store, new FraudData(), 300, 7, Scenario.training);
    ExampleModels.publish(store, new FraudData(), 300, 8, Scenario.training);

    ModelTrained trained =
        training.train(
            "evt-7",
            new TrainingRequested(
                "fraud",
                TrainingRequested.Reason.manual,
                null,
                new DatasetSelection(DatasetSelection.Mode.lastRows, null, 400, null)));

    ModelCard card = models.card("fraud", trained.version()).orElseThrow();
    assertThat(card.holdout().rows() + card.training().trainRows()).isEqualTo(400);
    assertThat(trained.lineage().datasetVersions()).hasSize(2);
    assertThat(card.holdout().fraction()).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void doesNotTrainOnADuplicateOrEmptyIngestion() {
    DatasetIngested duplicate =
        new DatasetIngested("fraud", "a".repeat(64), "k", "k", "k", null, 10, 0, true, null);
    DatasetIngested empty =
        new DatasetIngested("fraud", null, null, null, null, "q", 0, 10, false, null);

    assertThat(training.onIngested("evt-8", duplicate)).isEmpty();
    assertThat(training.onIngested("evt-9", empty)).isEmpty();
  }

  @Test
  void refusesAnUnknownModelOrOneWithoutData() {
    assertThatThrownBy(() -> training.train("evt-10", request("nope")))
        .isInstanceOf(UnprocessableException.class)
        .hasMessageContaining("there is no model 'nope'");
    ExampleModels.storeSpec(store, new FraudData());
    assertThatThrownBy(() -> training.train("evt-11", request("fraud")))
        .isInstanceOf(TrainingFailedException.class)
        .hasMessageContaining("no dataset version");
  }
}
