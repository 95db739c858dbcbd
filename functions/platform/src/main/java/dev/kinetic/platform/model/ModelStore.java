package dev.kinetic.platform.model;

import dev.kinetic.contracts.Json;
import dev.kinetic.platform.dataset.RowReader;
import dev.kinetic.platform.store.ImmutableObjects;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.ObjectStoreException;
import dev.kinetic.platform.store.PreconditionFailedException;
import dev.kinetic.platform.store.Sha256;
import dev.kinetic.platform.store.WriteCondition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Model versions and the champion alias on an {@link ObjectStore}. */
public final class ModelStore {

  private static final String ONNX = "model.onnx";
  private static final String CARD = "card.json";
  private static final String ALIASES = "aliases";

  private final ObjectStore store;
  private final Clock clock;

  public ModelStore(ObjectStore store) {
    this(store, Clock.systemUTC());
  }

  public ModelStore(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public static String modelKey(String model, String version) {
    return prefix(model, version) + ONNX;
  }

  public static String cardKey(String model, String version) {
    return prefix(model, version) + CARD;
  }

  private static String prefix(String model, String version) {
    if (version.equals(ALIASES)) {
      throw new IllegalArgumentException("'" + ALIASES + "' cannot be a model version");
    }
    return "models/" + model + "/" + version + "/";
  }

  private static String championKey(String model) {
    return "models/" + model + "/" + ALIASES + "/champion.json";
  }

  /**
   * Publishes a version: the ONNX file, then its card with the file's SHA-256. Both are immutable:
   * publishing the same again is a no-op, different bytes under the same version are refused.
   *
   * @return the card as stored
   * @throws dev.kinetic.platform.store.ImmutableObjectException if the version exists with other
   *     content
   */
  public ModelCard publish(ModelCard card, byte[] onnx) {
    ModelCard stored = card.withModelSha256(Sha256.of(onnx));
    ImmutableObjects.putOnce(store, modelKey(card.model(), card.version()), ObjectContent.of(onnx));
    ImmutableObjects.putOnce(
        store,
        cardKey(card.model(), card.version()),
        ObjectContent.of(Json.MAPPER.writeValueAsBytes(stored)));
    return stored;
  }

  public Optional<ModelCard> card(String model, String version) {
    return store
        .get(cardKey(model, version))
        .map(object -> Json.MAPPER.readValue(object.readAllBytes(), ModelCard.class));
  }

  /** Every published version of {@code model}, oldest first. */
  public List<ModelCard> versions(String model) {
    return store.list("models/" + model + "/").stream()
        .filter(info -> info.key().endsWith("/" + CARD))
        .map(
            info ->
                Json.MAPPER.readValue(
                    store.get(info.key()).orElseThrow().readAllBytes(), ModelCard.class))
        .sorted(Comparator.comparing(ModelCard::createdAt))
        .toList();
  }

  /**
   * Loads a version for serving.
   *
   * @throws dev.kinetic.platform.store.IntegrityException if the ONNX file does not match its card
   */
  public Optional<LoadedModel> load(String model, String version) {
    return card(model, version)
        .map(
            card -> {
              String key = modelKey(model, version);
              byte[] onnx =
                  store
                      .get(key)
                      .orElseThrow(
                          () ->
                              new ObjectStoreException(key + " is missing; its card exists", null))
                      .readAllBytes();
              return new LoadedModel(card, Sha256.verified(onnx, key, card.modelSha256()));
            });
  }

  /**
   * The rows of {@code card}'s holdout, by column name; empty when the card has none or its file is
   * missing.
   */
  public Optional<List<Map<String, String>>> holdout(ModelCard card) {
    if (card.holdout() == null) {
      return Optional.empty();
    }
    return store
        .get(card.holdout().key())
        .map(
            object -> {
              List<Map<String, String>> rows = new ArrayList<>();
              try (object;
                  RowReader reader = RowReader.csv(object.content())) {
                reader.forEachRemaining(row -> rows.add(row.values()));
              }
              return rows;
            });
  }

  public Optional<Champion> champion(String model) {
    return store
        .get(championKey(model))
        .map(
            object ->
                new Champion(
                    Json.MAPPER.readValue(object.readAllBytes(), ChampionAlias.class),
                    object.info().etag()));
  }

  /**
   * Points the champion alias at {@code version} if it still is as {@code expected} says (empty:
   * there is no champion yet). The version must be published.
   *
   * @return the new champion, or empty if another writer moved the alias first; read it again and
   *     decide anew
   */
  public Optional<Champion> compareAndSetChampion(
      String model, Optional<Champion> expected, String version, String reason) {
    if (card(model, version).isEmpty()) {
      throw new IllegalArgumentException(model + " has no published version " + version);
    }
    ChampionAlias alias =
        new ChampionAlias(
            model, version, expected.map(Champion::version).orElse(null), clock.instant(), reason);
    WriteCondition condition =
        expected.map(c -> WriteCondition.ifMatch(c.etag())).orElse(WriteCondition.ifAbsent());
    try {
      String etag =
          store.put(
              championKey(model),
              ObjectContent.of(Json.MAPPER.writeValueAsBytes(alias)),
              condition);
      return Optional.of(new Champion(alias, etag));
    } catch (PreconditionFailedException movedByAnotherWriter) {
      return Optional.empty();
    }
  }
}
