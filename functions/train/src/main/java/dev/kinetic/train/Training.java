package dev.kinetic.train;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.contracts.data.ModelTrained.Lineage;
import dev.kinetic.contracts.data.TrainingRequested;
import dev.kinetic.contracts.data.TrainingRequested.DatasetSelection;
import dev.kinetic.platform.UnprocessableException;
import dev.kinetic.platform.dataset.DatasetManifest;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.dataset.DatasetStore;
import dev.kinetic.platform.dataset.Row;
import dev.kinetic.platform.dataset.RowReader;
import dev.kinetic.platform.features.FeatureEncoding;
import dev.kinetic.platform.features.LabelScaling;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.spec.SpecStore.StoredSpec;
import dev.kinetic.platform.store.ImmutableObjects;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.Sha256;
import dev.kinetic.scoring.HoldoutEvaluation;
import dev.kinetic.scoring.OnnxModel;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a model version from the data a request selects, checks the exported ONNX graph against
 * Tribuo, measures it on a seeded holdout and publishes it with its card.
 *
 * <p>Single-flight per model: trainings of one model run one at a time, and a training is keyed by
 * the model, its spec and the exact dataset versions it reads. A request whose key was already
 * trained (a redelivered event, or one that waited behind an identical training) gets the version
 * that training published, and nothing is trained twice.
 */
public final class Training {

  private static final Logger log = LoggerFactory.getLogger(Training.class);
  private static final double ONNX_TOLERANCE = 1e-5;
  private static final int MINIMUM_ROWS = 20;
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final ObjectStore store;
  private final SpecStore specs;
  private final DatasetStore datasets;
  private final ModelStore models;
  private final Clock clock;
  private final String codeVersion;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public Training(ObjectStore store, Clock clock, String codeVersion) {
    this.store = store;
    this.specs = new SpecStore(store);
    this.datasets = new DatasetStore(store);
    this.models = new ModelStore(store, clock);
    this.clock = clock;
    this.codeVersion = codeVersion;
  }

  /**
   * Trains on a newly ingested dataset, by the spec's selection; nothing when the ingestion made no
   * new version (no rows accepted, or content already ingested).
   */
  public Optional<ModelTrained> onIngested(String eventId, DatasetIngested ingested) {
    if (ingested.rowsAccepted() == 0 || ingested.duplicate()) {
      log.info(
          "{}: nothing to train (accepted {}, duplicate {})",
          ingested.model(),
          ingested.rowsAccepted(),
          ingested.duplicate());
      return Optional.empty();
    }
    return Optional.of(train(eventId, ingested.model(), null));
  }

  public ModelTrained train(String eventId, TrainingRequested request) {
    return train(eventId, request.model(), request.datasets());
  }

  private ModelTrained train(String eventId, String model, DatasetSelection requested) {
    StoredSpec stored = specs.require(model);
    ModelSpec spec = stored.spec();
    DatasetSelection selection = requested != null ? requested : defaultSelection(spec);
    ReentrantLock lock = locks.computeIfAbsent(model, name -> new ReentrantLock());
    lock.lock();
    try {
      List<DatasetManifest> chosen = choose(spec, selection);
      String key =
          Sha256.of(
              String.join(
                      "\n",
                      model,
                      stored.sha256(),
                      String.valueOf(selection.rows()),
                      String.join(",", chosen.stream().map(DatasetManifest::version).toList()))
                  .getBytes(StandardCharsets.UTF_8));
      Optional<ModelTrained> done = alreadyTrained(model, key);
      if (done.isPresent()) {
        log.info("{}: training {} already produced {}", model, key, done.get().version());
        return done.get();
      }
      ModelTrained trained = trainAndPublish(eventId, stored, chosen, selection, key);
      store.put(recordKey(model, key), trained.version().getBytes(StandardCharsets.UTF_8));
      return trained;
    } finally {
      lock.unlock();
    }
  }

  private static DatasetSelection defaultSelection(ModelSpec spec) {
    return switch (spec.training().datasets()) {
      case latest -> DatasetSelection.latest();
      case all -> new DatasetSelection(DatasetSelection.Mode.since, Instant.EPOCH, null, null);
      case lastRows ->
          new DatasetSelection(DatasetSelection.Mode.lastRows, null, spec.training().rows(), null);
    };
  }

  private List<DatasetManifest> choose(ModelSpec spec, DatasetSelection selection) {
    List<DatasetManifest> all = datasets.versions(spec.name());
    List<DatasetManifest> chosen =
        switch (selection.mode()) {
          case latest -> all.isEmpty() ? List.of() : List.of(all.getLast());
          case since ->
              all.stream().filter(m -> !m.createdAt().isBefore(selection.since())).toList();
          case lastRows -> all;
          case versions -> {
            List<DatasetManifest> named = new ArrayList<>();
            for (String version : selection.versions()) {
              named.add(
                  datasets
                      .manifest(spec.name(), version)
                      .orElseThrow(
                          () ->
                              new UnprocessableException(
                                  "datasets.versions",
                                  spec.name() + " has no dataset version " + version)));
            }
            yield named;
          }
        };
    if (chosen.isEmpty()) {
      throw new TrainingFailedException(
          "datasets", spec.name() + " has no dataset version matching " + selection.mode());
    }
    return chosen;
  }

  private Optional<ModelTrained> alreadyTrained(String model, String key) {
    return store
        .get(recordKey(model, key))
        .map(object -> new String(object.readAllBytes(), StandardCharsets.UTF_8))
        .flatMap(version -> models.card(model, version))
        .map(Training::event);
  }

  private static String recordKey(String model, String key) {
    return "state/train/" + model + "/trainings/" + key;
  }

  private ModelTrained trainAndPublish(
      String eventId,
      StoredSpec stored,
      List<DatasetManifest> chosen,
      DatasetSelection selection,
      String key) {
    ModelSpec spec = stored.spec();
    Instant started = clock.instant();
    List<Map<String, String>> rows = read(chosen, selection.rows());
    if (rows.size() < MINIMUM_ROWS) {
      throw new TrainingFailedException(
          "datasets",
          spec.name() + " has " + rows.size() + " rows; training needs " + MINIMUM_ROWS);
    }
    Split split = Split.of(rows, spec.trainer().holdoutFraction(), spec.trainer().seed());
    DatasetProfile profile = DatasetProfile.of(spec, () -> RowReader.of(split.train()));
    FeatureEncoding encoding = FeatureEncoding.fit(spec, profile);
    LabelScaling scaling =
        spec.task() == ModelSpec.Task.regression
            ? LabelScaling.fit(profile.numeric().get(spec.label()))
            : null;
    TribuoTrainer trainer = new TribuoTrainer(spec, encoding, scaling);
    List<String> versions = chosen.stream().map(DatasetManifest::version).toList();
    TribuoTrainer.Trained trained =
        trainer.train(split.train(), "kinetic datasets " + spec.name() + " " + versions);
    Map<String, Double> metrics;
    try (OnnxModel onnx = OnnxModel.load(trained.onnx(), encoding.width())) {
      checkOnnxMatchesTribuo(trainer, trained, onnx, encoding, split.holdout());
      metrics =
          HoldoutEvaluation.evaluate(
              spec, encoding, trained.labels(), scaling, onnx, split.holdout());
    }
    String version = "v" + VERSION_TIME.format(started) + "-" + key.substring(0, 8);
    String holdoutKey = "models/" + spec.name() + "/" + version + "/holdout.csv";
    ImmutableObjects.putOnce(store, holdoutKey, ObjectContent.of(csv(spec, split.holdout())));
    Duration took = Duration.between(started, clock.instant());
    ModelCard card =
        models.publish(
            new ModelCard(
                spec.name(),
                version,
                clock.instant(),
                null,
                spec,
                metrics,
                new Lineage(
                    versions,
                    stored.sha256(),
                    Json.MAPPER.convertValue(spec.trainer().algorithm(), String.class),
                    spec.trainer().parameters(),
                    spec.trainer().seed(),
                    codeVersion),
                profile,
                encoding,
                trained.labels(),
                scaling,
                trained.weights(),
                new ModelCard.Holdout(
                    holdoutKey,
                    split.holdout().size(),
                    spec.trainer().holdoutFraction(),
                    spec.trainer().seed()),
                new ModelCard.Training(
                    started, took.toMillis(), split.train().size(), eventId, trained.provenance())),
            trained.onnx());
    log.info(
        "{}: trained {} on {} rows in {} ms: {}",
        spec.name(),
        version,
        split.train().size(),
        took.toMillis(),
        metrics);
    return event(card);
  }

  private static ModelTrained event(ModelCard card) {
    return new ModelTrained(
        card.model(),
        card.version(),
        ModelStore.modelKey(card.model(), card.version()),
        ModelStore.cardKey(card.model(), card.version()),
        card.modelSha256(),
        card.metrics(),
        card.lineage());
  }

  /** Rows of the chosen versions, oldest first; only the last {@code lastRows} if set. */
  private List<Map<String, String>> read(List<DatasetManifest> chosen, Integer lastRows) {
    Deque<Map<String, String>> rows = new ArrayDeque<>();
    for (DatasetManifest manifest : chosen) {
      try (RowReader reader = RowReader.csv(datasets.openData(manifest))) {
        while (reader.hasNext()) {
          Row row = reader.next();
          rows.addLast(row.values());
          if (lastRows != null && rows.size() > lastRows) {
            rows.removeFirst();
          }
        }
      }
    }
    return new ArrayList<>(rows);
  }

  private static void checkOnnxMatchesTribuo(
      TribuoTrainer trainer,
      TribuoTrainer.Trained trained,
      OnnxModel onnx,
      FeatureEncoding encoding,
      List<Map<String, String>> holdout) {
    double[] tribuo = trainer.predict(trained.model(), holdout);
    float[] ort = onnx.score(encoding.encodeFloats(holdout), holdout.size());
    double worst = 0;
    for (int i = 0; i < tribuo.length; i++) {
      worst = Math.max(worst, Math.abs(tribuo[i] - ort[i]));
    }
    if (tribuo.length != ort.length || worst > ONNX_TOLERANCE * Math.max(1, maxAbs(tribuo))) {
      throw new TrainingFailedException(
          "model",
          "the exported ONNX model predicts differently from Tribuo: max |difference| "
              + worst
              + " over "
              + holdout.size()
              + " holdout rows; nothing was published");
    }
    log.debug("ONNX matches Tribuo on {} rows, max |difference| {}", holdout.size(), worst);
  }

  private static double maxAbs(double[] values) {
    double max = 0;
    for (double value : values) {
      max = Math.max(max, Math.abs(value));
    }
    return max;
  }

  private static byte[] csv(ModelSpec spec, Collection<Map<String, String>> rows) {
    List<String> columns = new ArrayList<>();
    columns.add(spec.label());
    spec.features().forEach(feature -> columns.add(feature.name()));
    StringWriter out = new StringWriter();
    try (CSVPrinter printer =
        CSVFormat.RFC4180.builder().setHeader(columns.toArray(String[]::new)).get().print(out)) {
      for (Map<String, String> row : rows) {
        List<String> record = new ArrayList<>(columns.size());
        columns.forEach(column -> record.add(row.getOrDefault(column, "")));
        printer.printRecord(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A seeded shuffle cut into training rows and holdout rows. */
  record Split(List<Map<String, String>> train, List<Map<String, String>> holdout) {

    static Split of(List<Map<String, String>> rows, double holdoutFraction, long seed) {
      List<Map<String, String>> shuffled = new ArrayList<>(rows);
      Collections.shuffle(shuffled, new SplittableRandom(seed));
      int holdout = Math.max(1, (int) Math.round(rows.size() * holdoutFraction));
      return new Split(
          List.copyOf(shuffled.subList(holdout, shuffled.size())),
          List.copyOf(shuffled.subList(0, holdout)));
    }
  }
}
