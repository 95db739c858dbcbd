package dev.kinetic.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.contracts.data.ModelPromoted;
import dev.kinetic.contracts.data.ModelRolledBack;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.examples.HousePricesData;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.train.ExampleModels;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class RegistryTest {

  InMemoryObjectStore store = new InMemoryObjectStore();
  Registry registry = new Registry(store, Clock.systemUTC());
  ModelStore models = new ModelStore(store);

  String champion(String model) {
    return models.champion(model).orElseThrow().version();
  }

  @Test
  void promotesTheFirstModelThatMeetsTheFloor() {
    ExampleModels.storeSpec(store, new FraudData());
    ModelTrained first = ExampleModels.train(store, new FraudData(), 2000, 1, Scenario.training);

    Registry.Verdict verdict = registry.evaluate(first);

    assertThat(verdict.promoted()).isNotNull();
    assertThat(verdict.promoted().previousVersion()).isNull();
    assertThat(verdict.promoted().gate().champion()).isNull();
    assertThat(champion("fraud")).isEqualTo(first.version());
  }

  @Test
  void rejectsTheFirstModelBelowTheFloor() {
    ExampleModels.storeSpec(store, new FraudData(), "promotion: {metric: accuracy, minimum: 0.99}");
    ModelTrained first = ExampleModels.train(store, new FraudData(), 500, 2, Scenario.training);

    Registry.Verdict verdict = registry.evaluate(first);

    assertThat(verdict.rejected()).isNotNull();
    assertThat(verdict.rejected().reason()).contains("misses the minimum");
    assertThat(models.champion("fraud")).isEmpty();
  }

  @Test
  void promotesAChallengerThatBeatsTheChampionOnTheSameHoldout() {
    ExampleModels.storeSpec(store, new HousePricesData());
    ModelTrained stale =
        ExampleModels.train(store, new HousePricesData(), 2000, 3, Scenario.shifted);
    registry.evaluate(stale);
    ModelTrained fresh =
        ExampleModels.train(store, new HousePricesData(), 2000, 4, Scenario.training);

    Registry.Verdict verdict = registry.evaluate(fresh);

    assertThat(verdict.promoted()).isNotNull();
    assertThat(verdict.promoted().previousVersion()).isEqualTo(stale.version());
    // The champion was re-scored on the challenger's holdout: not its own card's number.
    assertThat(verdict.promoted().gate().champion())
        .isNotNull()
        .isNotEqualTo(stale.metrics().get("rmse"))
        .isGreaterThan(verdict.promoted().gate().challenger());
    assertThat(champion("house-prices")).isEqualTo(fresh.version());
  }

  @Test
  void rejectsAChallengerThatDoesNotBeatTheChampionByEnough() {
    ExampleModels.storeSpec(
        store, new FraudData(), "promotion: {metric: accuracy, minImprovement: 0.5}");
    ModelTrained champion = ExampleModels.train(store, new FraudData(), 2000, 5, Scenario.training);
    registry.evaluate(champion);
    ModelTrained challenger =
        ExampleModels.train(store, new FraudData(), 2000, 6, Scenario.training);

    Registry.Verdict verdict = registry.evaluate(challenger);

    assertThat(verdict.rejected()).isNotNull();
    assertThat(verdict.rejected().championVersion()).isEqualTo(champion.version());
    assertThat(verdict.rejected().gate().passed()).isFalse();
    assertThat(verdict.rejected().gate().champion()).isNotNull();
    assertThat(champion("fraud")).isEqualTo(champion.version());
  }

  @Test
  void askingAgainGivesTheRecordedVerdict() {
    ExampleModels.storeSpec(store, new FraudData());
    ModelTrained first = ExampleModels.train(store, new FraudData(), 800, 7, Scenario.training);

    Registry.Verdict once = registry.evaluate(first);
    Registry.Verdict again = registry.evaluate(first);

    assertThat(again).isEqualTo(once);
    assertThat(new ChampionHistory(store).read("fraud").moves()).hasSize(1);
  }

  @Test
  void twoConcurrentPromotionsLeaveExactlyOneChampion() throws Exception {
    ExampleModels.storeSpec(store, new HousePricesData());
    registry.evaluate(ExampleModels.train(store, new HousePricesData(), 1500, 8, Scenario.shifted));
    ModelTrained a = ExampleModels.train(store, new HousePricesData(), 1500, 9, Scenario.training);
    ModelTrained b = ExampleModels.train(store, new HousePricesData(), 1500, 10, Scenario.training);
    CyclicBarrier start = new CyclicBarrier(2);
    List<Registry.Verdict> verdicts;
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<CompletableFuture<Registry.Verdict>> running =
          List.of(a, b).stream()
              .map(
                  trained ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            await(start);
                            return registry.evaluate(trained);
                          },
                          pool))
              .toList();
      verdicts = running.stream().map(CompletableFuture::join).toList();
    }

    String now = champion("house-prices");
    assertThat(now).isIn(a.version(), b.version());
    List<ModelPromoted> promoted =
        verdicts.stream().map(Registry.Verdict::promoted).filter(Objects::nonNull).toList();
    assertThat(promoted).isNotEmpty();
    // Whoever was promoted last is the champion, and replaced whatever was champion before it.
    List<String> stack = new ChampionHistory(store).read("house-prices").stack();
    assertThat(stack.getLast()).isEqualTo(now);
    assertThat(stack).hasSize(1 + promoted.size());
    for (ModelPromoted p : promoted) {
      assertThat(p.previousVersion()).isEqualTo(stack.get(stack.indexOf(p.version()) - 1));
    }
  }

  @Test
  void rollbackRestoresThePreviousChampion() {
    ExampleModels.storeSpec(store, new HousePricesData());
    ModelTrained first =
        ExampleModels.train(store, new HousePricesData(), 1500, 11, Scenario.shifted);
    registry.evaluate(first);
    ModelTrained second =
        ExampleModels.train(store, new HousePricesData(), 1500, 12, Scenario.training);
    registry.evaluate(second);
    assertThat(champion("house-prices")).isEqualTo(second.version());

    ModelRolledBack rolledBack = registry.rollback("house-prices", "bad canary");

    assertThat(rolledBack.version()).isEqualTo(first.version());
    assertThat(rolledBack.fromVersion()).isEqualTo(second.version());
    assertThat(champion("house-prices")).isEqualTo(first.version());
    assertThatThrownBy(() -> registry.rollback("house-prices", "again"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("no earlier champion");
  }

  @Test
  void manualPromotionOverridesTheGate() {
    ExampleModels.storeSpec(store, new FraudData(), "promotion: {metric: accuracy, minimum: 0.99}");
    ModelTrained trained = ExampleModels.train(store, new FraudData(), 500, 13, Scenario.training);

    ModelPromoted promoted = registry.promote("fraud", trained.version(), "operator says so");

    assertThat(promoted.reason()).isEqualTo("operator says so");
    assertThat(champion("fraud")).isEqualTo(trained.version());
    assertThatThrownBy(() -> registry.promote("fraud", trained.version(), "twice"))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void archivesOldVersionsButKeepsEveryChampion() {
    ExampleModels.storeSpec(
        store, new FraudData(), "promotion: {metric: accuracy, minImprovement: 0.5}");
    ModelTrained champion = ExampleModels.train(store, new FraudData(), 300, 14, Scenario.training);
    registry.evaluate(champion);
    ModelTrained old = ExampleModels.train(store, new FraudData(), 300, 15, Scenario.training);
    ModelTrained newest = ExampleModels.train(store, new FraudData(), 300, 16, Scenario.training);

    Registry.Archived result = registry.archive("fraud", 1);

    assertThat(result.archived()).containsExactly(old.version());
    assertThat(result.kept()).containsExactlyInAnyOrder(champion.version(), newest.version());
    assertThat(models.card("fraud", old.version())).isEmpty();
    assertThat(store.get("archive/" + ModelStore.cardKey("fraud", old.version()))).isPresent();
    assertThat(store.get("archive/" + ModelStore.modelKey("fraud", old.version()))).isPresent();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
