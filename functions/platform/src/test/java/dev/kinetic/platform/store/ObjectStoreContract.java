package dev.kinetic.platform.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do, written once and run against each implementation: the
 * in-memory fake and S3 through a real S3 API.
 */
public abstract class ObjectStoreContract {

  protected abstract ObjectStore store();

  @Test
  void readsBackWhatItWrote() {
    String etag = store().put("models/fraud/v1/card.json", "{\"v\":1}".getBytes(UTF_8));

    try (StoredObject object = store().get("models/fraud/v1/card.json").orElseThrow()) {
      assertThat(object.readAllBytes()).asString(UTF_8).isEqualTo("{\"v\":1}");
      assertThat(object.info().etag()).isEqualTo(etag);
      assertThat(object.info().size()).isEqualTo(7);
    }
    assertThat(store().head("models/fraud/v1/card.json").orElseThrow().etag()).isEqualTo(etag);
  }

  @Test
  void answersEmptyForAMissingKey() {
    assertThat(store().get("models/none/v1/card.json")).isEmpty();
    assertThat(store().head("models/none/v1/card.json")).isEmpty();
  }

  @Test
  void listsByPrefixInKeyOrderBeyondOnePage() {
    IntStream.range(0, 1_005)
        .forEach(i -> store().put("audit/fraud/%04d.jsonl".formatted(i), new byte[] {1}));
    store().put("audit/fraudulent/0000.jsonl", new byte[] {1});
    store().put("audit/churn/0000.jsonl", new byte[] {1});

    List<ObjectInfo> listed = store().list("audit/fraud/");

    assertThat(listed).hasSize(1_005);
    assertThat(listed.getFirst().key()).isEqualTo("audit/fraud/0000.jsonl");
    assertThat(listed.getLast().key()).isEqualTo("audit/fraud/1004.jsonl");
    assertThat(listed).allSatisfy(info -> assertThat(info.size()).isEqualTo(1));
  }

  @Test
  void deletesAndToleratesDeletingTwice() {
    store().put("state/drift/fraud.json", new byte[] {1});

    store().delete("state/drift/fraud.json");
    store().delete("state/drift/fraud.json");

    assertThat(store().get("state/drift/fraud.json")).isEmpty();
  }

  @Test
  void createOnlyWriteRefusesAnExistingKey() {
    store()
        .put(
            "datasets/fraud/a/data.csv",
            ObjectContent.of("a".getBytes(UTF_8)),
            WriteCondition.ifAbsent());

    assertThatThrownBy(
            () ->
                store()
                    .put(
                        "datasets/fraud/a/data.csv",
                        ObjectContent.of("b".getBytes(UTF_8)),
                        WriteCondition.ifAbsent()))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessageContaining("datasets/fraud/a/data.csv");
    assertThat(store().get("datasets/fraud/a/data.csv").orElseThrow().readAllBytes())
        .asString(UTF_8)
        .isEqualTo("a");
  }

  @Test
  void compareAndSetRefusesAStaleEtag() {
    String first = store().put("models/fraud/aliases/champion.json", "v1".getBytes(UTF_8));
    String second =
        store()
            .put(
                "models/fraud/aliases/champion.json",
                ObjectContent.of("v2".getBytes(UTF_8)),
                WriteCondition.ifMatch(first));

    assertThatThrownBy(
            () ->
                store()
                    .put(
                        "models/fraud/aliases/champion.json",
                        ObjectContent.of("v3".getBytes(UTF_8)),
                        WriteCondition.ifMatch(first)))
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(store().head("models/fraud/aliases/champion.json").orElseThrow().etag())
        .isEqualTo(second);
  }

  @Test
  void compareAndSetOnAMissingKeyFails() {
    assertThatThrownBy(
            () ->
                store()
                    .put(
                        "models/none/aliases/champion.json",
                        ObjectContent.of("v1".getBytes(UTF_8)),
                        WriteCondition.ifMatch("\"0123\"")))
        .isInstanceOf(PreconditionFailedException.class);
  }

  @Test
  void exactlyOneOfConcurrentCompareAndSetWritersWins() throws Exception {
    String etag = store().put("models/fraud/aliases/champion.json", "v1".getBytes(UTF_8));
    int writers = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Boolean>> attempts = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      byte[] content = ("v2-from-writer-" + i).getBytes(UTF_8);
      attempts.add(
          () -> {
            start.await();
            try {
              store()
                  .put(
                      "models/fraud/aliases/champion.json",
                      ObjectContent.of(content),
                      WriteCondition.ifMatch(etag));
              return true;
            } catch (PreconditionFailedException lost) {
              return false;
            }
          });
    }
    List<Boolean> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<Boolean>> futures = attempts.stream().map(pool::submit).toList();
      start.countDown();
      for (Future<Boolean> future : futures) {
        outcomes.add(future.get());
      }
    }

    assertThat(outcomes).containsOnlyOnce(true);
    assertThat(store().get("models/fraud/aliases/champion.json").orElseThrow().readAllBytes())
        .asString(UTF_8)
        .startsWith("v2-from-writer-");
  }

  @Test
  void exactlyOneOfConcurrentCreatorsWins() throws Exception {
    int writers = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Boolean> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<Boolean>> futures =
          IntStream.range(0, writers)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            start.await();
                            try {
                              store()
                                  .put(
                                      "models/fraud/v9/card.json",
                                      ObjectContent.of(("writer-" + i).getBytes(UTF_8)),
                                      WriteCondition.ifAbsent());
                              return true;
                            } catch (PreconditionFailedException lost) {
                              return false;
                            }
                          }))
              .toList();
      start.countDown();
      for (Future<Boolean> future : futures) {
        outcomes.add(future.get());
      }
    }

    assertThat(outcomes).containsOnlyOnce(true);
  }
}
