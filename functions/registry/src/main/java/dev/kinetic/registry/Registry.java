package dev.kinetic.registry;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.GateResult;
import dev.kinetic.contracts.data.ModelPromoted;
import dev.kinetic.contracts.data.ModelRejected;
import dev.kinetic.contracts.data.ModelRolledBack;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.platform.UnprocessableException;
import dev.kinetic.platform.model.Champion;
import dev.kinetic.platform.model.LoadedModel;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.spec.ModelSpec.Metric;
import dev.kinetic.platform.spec.ModelSpec.PromotionGate;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.StoredObject;
import dev.kinetic.registry.ChampionHistory.Kind;
import dev.kinetic.registry.ChampionHistory.Move;
import dev.kinetic.scoring.HoldoutEvaluation;
import dev.kinetic.scoring.OnnxModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry: the promotion gate, the champion alias, rollback and archiving.
 *
 * <p>The gate compares the challenger with the champion on the challenger's own holdout: the
 * champion is loaded and re-scored there, so both numbers come from the same rows and the same
 * metric code. The alias moves only by compare-and-set; when another promotion wins the race, the
 * gate runs again against the new champion.
 */
public final class Registry {

  private static final Logger log = LoggerFactory.getLogger(Registry.class);
  private static final int CAS_ATTEMPTS = 5;

  /** The gate's decision: exactly one of the two is set. */
  public record Verdict(ModelPromoted promoted, ModelRejected rejected) {}

  private final ObjectStore store;
  private final ModelStore models;
  private final ChampionHistory history;
  private final Clock clock;

  public Registry(ObjectStore store, Clock clock) {
    this.store = store;
    this.models = new ModelStore(store, clock);
    this.history = new ChampionHistory(store);
    this.clock = clock;
  }

  /**
   * Runs the gate for a trained version and moves the champion if it passes. Asking again for the
   * same version gives the verdict recorded the first time.
   */
  public Verdict evaluate(ModelTrained trained) {
    String model = trained.model();
    Optional<Verdict> recorded = recordedVerdict(model, trained.version());
    if (recorded.isPresent()) {
      return recorded.get();
    }
    ModelCard challenger = requireCard(model, trained.version(), "version");
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      Optional<Champion> champion = models.champion(model);
      GateResult gate = gate(challenger, champion);
      Verdict verdict;
      if (gate.passed()) {
        String reason =
            champion.isEmpty()
                ? "first model: " + gate.metric() + " " + gate.challenger() + " meets the gate"
                : "challenger beat champion " + champion.get().version() + " on " + gate.metric();
        if (models.compareAndSetChampion(model, champion, challenger.version(), reason).isEmpty()) {
          log.info(
              "{}: the champion moved while {} was evaluated; again", model, trained.version());
          continue;
        }
        history.append(
            model, new Move(Kind.promoted, challenger.version(), clock.instant(), reason));
        verdict =
            new Verdict(
                new ModelPromoted(
                    model,
                    challenger.version(),
                    champion.map(Champion::version).orElse(null),
                    gate,
                    reason),
                null);
      } else {
        verdict =
            new Verdict(
                null,
                new ModelRejected(
                    model,
                    challenger.version(),
                    champion.map(Champion::version).orElse(null),
                    gate,
                    rejection(gate, champion)));
      }
      store.put(verdictKey(model, trained.version()), Json.MAPPER.writeValueAsBytes(verdict));
      log.info(
          "{}: {} {}",
          model,
          trained.version(),
          verdict.promoted() != null ? "promoted" : "rejected");
      return verdict;
    }
    throw new IllegalStateException(
        model + ": the champion kept moving; " + trained.version() + " was not decided");
  }

  private GateResult gate(ModelCard challenger, Optional<Champion> champion) {
    PromotionGate gate = challenger.spec().promotion();
    Metric metric = gate.metric();
    Double challengerValue = challenger.metrics().get(metric.name());
    if (challengerValue == null) {
      throw new UnprocessableException(
          "metrics", challenger.version() + " has no " + metric + " metric to gate on");
    }
    boolean meetsMinimum =
        gate.minimum() == null
            || (metric.higherIsBetter()
                ? challengerValue >= gate.minimum()
                : challengerValue <= gate.minimum());
    if (champion.isEmpty()) {
      return new GateResult(
          metric.name(), challengerValue, null, gate.minImprovement(), meetsMinimum);
    }
    double championValue = rescore(champion.get().version(), challenger).get(metric.name());
    double improvement =
        metric.higherIsBetter() ? challengerValue - championValue : championValue - challengerValue;
    return new GateResult(
        metric.name(),
        challengerValue,
        championValue,
        gate.minImprovement(),
        meetsMinimum && improvement > gate.minImprovement());
  }

  /** The champion's metrics on the challenger's holdout. */
  private Map<String, Double> rescore(String championVersion, ModelCard challenger) {
    LoadedModel champion =
        models
            .load(challenger.model(), championVersion)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the champion " + championVersion + " has no published version"));
    List<Map<String, String>> holdout =
        models
            .holdout(challenger)
            .orElseThrow(
                () -> new IllegalStateException(challenger.version() + "'s holdout is missing"));
    try (OnnxModel onnx = OnnxModel.load(champion.onnx(), champion.card().encoding().width())) {
      return HoldoutEvaluation.evaluate(champion.card(), onnx, holdout);
    }
  }

  private static String rejection(GateResult gate, Optional<Champion> champion) {
    if (champion.isEmpty()) {
      return "first model: " + gate.metric() + " " + gate.challenger() + " misses the minimum";
    }
    return gate.metric()
        + " "
        + gate.challenger()
        + " against champion "
        + champion.get().version()
        + "'s "
        + gate.champion()
        + " on the same holdout: not better by more than "
        + gate.minImprovement()
        + " (or below the minimum)";
  }

  /**
   * Makes {@code version} the champion whatever the gate says: an operator's decision.
   *
   * @throws UnprocessableException if there is no such version
   */
  public ModelPromoted promote(String model, String version, String reason) {
    ModelCard card = requireCard(model, version, "version");
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      Optional<Champion> champion = models.champion(model);
      if (champion.isPresent() && champion.get().version().equals(version)) {
        throw new ConflictException(version + " is already the champion of " + model);
      }
      if (models.compareAndSetChampion(model, champion, version, reason).isPresent()) {
        history.append(model, new Move(Kind.promoted, version, clock.instant(), reason));
        Metric metric = card.spec().promotion().metric();
        Double value = card.metrics().get(metric.name());
        return new ModelPromoted(
            model,
            version,
            champion.map(Champion::version).orElse(null),
            new GateResult(metric.name(), value == null ? 0 : value, null, null, true),
            reason);
      }
    }
    throw new ConflictException("the champion of " + model + " kept moving; try again");
  }

  /**
   * Moves the champion back to the one it replaced.
   *
   * @throws ConflictException if there is no earlier champion to return to
   */
  public ModelRolledBack rollback(String model, String reason) {
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      Champion champion =
          models
              .champion(model)
              .orElseThrow(() -> new ConflictException(model + " has no champion to roll back"));
      List<String> stack = history.read(model).stack();
      if (stack.size() < 2 || !stack.getLast().equals(champion.version())) {
        throw new ConflictException(
            model + " has no earlier champion to return to from " + champion.version());
      }
      String previous = stack.get(stack.size() - 2);
      if (models
          .compareAndSetChampion(model, Optional.of(champion), previous, reason)
          .isPresent()) {
        history.append(
            model, new Move(Kind.rolledback, champion.version(), clock.instant(), reason));
        return new ModelRolledBack(model, previous, champion.version(), reason);
      }
    }
    throw new ConflictException("the champion of " + model + " kept moving; try again");
  }

  /** A version in a listing. */
  public record VersionSummary(
      String version,
      java.time.Instant createdAt,
      Map<String, Double> metrics,
      boolean champion,
      boolean everChampion) {}

  public List<VersionSummary> versions(String model) {
    Optional<String> champion = models.champion(model).map(Champion::version);
    List<String> ever = history.read(model).everChampion();
    return models.versions(model).stream()
        .map(
            card ->
                new VersionSummary(
                    card.version(),
                    card.createdAt(),
                    card.metrics(),
                    champion.map(card.version()::equals).orElse(false),
                    ever.contains(card.version())))
        .toList();
  }

  public Optional<ModelCard> card(String model, String version) {
    return models.card(model, version);
  }

  public Optional<Champion> champion(String model) {
    return models.champion(model);
  }

  /** What an archive run did. */
  public record Archived(List<String> archived, List<String> kept) {}

  /**
   * Moves every version but the newest {@code keep} and every version that was ever champion to
   * {@code archive/models/<model>/<version>/}. Nothing is deleted before its copy is written, and
   * the result lists every version moved.
   */
  public Archived archive(String model, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1, got " + keep);
    }
    List<ModelCard> versions = models.versions(model);
    List<String> ever = history.read(model).everChampion();
    Optional<String> champion = models.champion(model).map(Champion::version);
    List<String> archived = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      String version = versions.get(i).version();
      boolean recent = i >= versions.size() - keep;
      if (recent || ever.contains(version) || champion.map(version::equals).orElse(false)) {
        kept.add(version);
      } else {
        move("models/" + model + "/" + version + "/", "archive/");
        archived.add(version);
      }
    }
    log.info("{}: archived {}, kept {}", model, archived, kept);
    return new Archived(archived, kept);
  }

  private void move(String prefix, String archivePrefix) {
    for (var info : store.list(prefix)) {
      try (StoredObject object = store.get(info.key()).orElseThrow()) {
        store.put(archivePrefix + info.key(), object.readAllBytes());
      }
      store.delete(info.key());
    }
  }

  private ModelCard requireCard(String model, String version, String field) {
    return models
        .card(model, version)
        .orElseThrow(() -> new UnprocessableException(field, model + " has no version " + version));
  }

  private Optional<Verdict> recordedVerdict(String model, String version) {
    return store
        .get(verdictKey(model, version))
        .map(object -> Json.MAPPER.readValue(object.readAllBytes(), Verdict.class));
  }

  private static String verdictKey(String model, String version) {
    return "state/registry/" + model + "/verdicts/" + version + ".json";
  }
}
