package dev.kinetic.local;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.contracts.data.FeedbackReceived;
import dev.kinetic.contracts.data.FeedbackReceived.GroundTruth;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.platform.audit.AuditLog;
import dev.kinetic.platform.store.S3ObjectStore;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The closed loop on one machine, narrated: the fraud model is trained from its first batch and
 * promoted; live traffic is scored and labelled; the traffic then shifts, drift is detected, the
 * retraining policy trains on labelled production traffic, the registry promotes the challenger and
 * inference moves to it, and accuracy recovers. Everything goes through the broker and the
 * functions' HTTP APIs, as a user's traffic would.
 */
public final class Demo {

  static final String MODEL = "fraud";
  private static final int CHUNK = 100;

  /** Labels go back in batches, as a labelling process would send them. */
  private static final int FEEDBACK_BATCH = 500;

  private static final int LIVE_ROWS = 2000;

  /** A chunk every 0.4 s: 250 transactions a second, leaving the cores to the functions. */
  private static final long CHUNK_NANOS = 400_000_000L;

  private static final int RECOVERED_ROWS = 1000;
  private static final Set<String> QUIET =
      Set.of(EventType.INFERENCE_LOGGED.type(), EventType.FEEDBACK_RECEIVED.type());

  /**
   * @param kafka as for {@link LocalRuntime.Options#kafka()}
   * @param timeout how long the whole demo may take before it fails
   */
  public record Options(
      Path repository, Path state, String kafka, Duration timeout, PrintWriter out) {}

  /** Accuracy of one chunk of traffic, against its true labels. */
  public record AccuracyPoint(double seconds, String stage, String modelVersion, double accuracy) {}

  /** One event the broker accepted. */
  public record TimelineEvent(
      double seconds, String id, String type, String modelVersion, String summary) {}

  /** A drift comparison as the drift function reported it at one time. */
  public record DriftPoint(
      double seconds, Map<String, Double> statistics, Map<String, Boolean> drifted) {}

  /** Everything the demo measured. */
  public record Result(
      boolean passed,
      List<String> failures,
      double seconds,
      List<JsonNode> versions,
      Map<String, Double> accuracyByStage,
      Map<String, Long> eventsByType,
      long retries,
      long deadLetters,
      Map<String, List<Long>> coldStartMillis,
      List<AccuracyPoint> accuracy,
      List<TimelineEvent> timeline,
      List<DriftPoint> drift,
      JsonNode firstDrift,
      List<JsonNode> promotions) {}

  private final Options options;
  private final PrintWriter out;
  private final HttpClient http =
      HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
  private final EventTemplate client = EventTemplate.forFunction("demo", new EventValidator());
  private final FraudData data = new FraudData();
  private final long started = System.nanoTime();
  private final List<TimelineEvent> timeline = new CopyOnWriteArrayList<>();
  private final List<AccuracyPoint> accuracy = new ArrayList<>();
  private final List<DriftPoint> drift = new CopyOnWriteArrayList<>();
  private final Map<String, List<Long>> coldStarts = new TreeMap<>();
  private final Set<String> requestIds = new java.util.LinkedHashSet<>();
  private volatile JsonNode firstDrift;
  private final List<JsonNode> promotions = new CopyOnWriteArrayList<>();
  private LocalRuntime runtime;
  private String predictToken;
  private String operatorToken;
  private String stage = "start";
  private long seed = 100;

  private Demo(Options options) {
    this.options = options;
    this.out = options.out();
  }

  /** Prints the summary table of {@code result}. */
  public static void printSummary(Result result, PrintWriter out) {
    DemoReport.printSummary(result, out);
  }

  /** Writes the HTML report of {@code result} to {@code file}. */
  public static void writeReport(Result result, Path file) {
    DemoReport.write(result, file);
  }

  /** Runs the demo; the runtime it starts is stopped before this returns. */
  public static Result run(Options options) {
    return new Demo(options).run();
  }

  private Result run() {
    ScheduledExecutorService watcher =
        Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    List<String> failures = new ArrayList<>();
    try {
      stage(
          "start",
          "Starting Kinetic on this machine ("
              + (options.kafka() == null ? "in-memory broker" : "Kafka broker")
              + ", embedded S3)");
      runtime =
          LocalRuntime.start(
              new LocalRuntime.Options(
                  options.repository(),
                  options.repository().resolve("knative/manifests/base"),
                  options.state(),
                  0,
                  options.kafka(),
                  true));
      runtime.onEvent(this::record);
      // The demo plays two callers: an application that may only predict, and an operator.
      predictToken = runtime.token("predict");
      operatorToken = runtime.token("predict", "admin");
      watcher.scheduleWithFixedDelay(this::watchColdStarts, 0, 200, TimeUnit.MILLISECONDS);
      watcher.scheduleWithFixedDelay(this::sampleDrift, 2, 2, TimeUnit.SECONDS);
      say(
          "gateway %s, %d functions, all at zero replicas",
          runtime.gatewayUri(), runtime.functionUris().size());

      stage(
          "register",
          "The model spec examples/fraud.yaml is in the store: "
              + "5 features, logistic regression, drift and retraining policy");
      stage("ingest", "Submitting the first training batch: 5,000 labelled transactions");
      StringBuilder csv = new StringBuilder();
      data.writeCsv(csv, 5000, 1, Scenario.training);
      publish(client.event(DataSubmitted.inlineCsv(MODEL, csv.toString())));
      String first = awaitChampion(null);
      say("champion %s serves %s", first, MODEL);

      stage(
          "live",
          "Live traffic: "
              + LIVE_ROWS
              + " transactions scored one by one, with their labels sent back as feedback");
      traffic(Scenario.live, LIVE_ROWS);

      stage(
          "shift",
          "The traffic shifts: larger amounts, more online, other countries, a new fraud pattern");
      String second = null;
      int shifted = 0;
      while (second == null) {
        traffic(Scenario.shifted, CHUNK * 5);
        shifted += CHUNK * 5;
        second = champion().filter(v -> !v.equals(first)).orElse(null);
        checkTime();
      }
      say("champion moved %s -> %s after %d shifted transactions", first, second, shifted);
      explainTraining(second);
      stage("recovered", "Traffic keeps its new shape; inference serves the retrained model");
      awaitServing(second);
      traffic(Scenario.shifted, RECOVERED_ROWS);
      Thread.sleep(2000); // the last decision batches reach audit and drift
      stage(
          "audit",
          "Checking the decision log: every scored transaction, findable by its request id");
      checkAudit(failures);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add("interrupted");
    } catch (RuntimeException e) {
      failures.add(stage + ": " + e.getMessage());
    } finally {
      watcher.shutdownNow();
    }
    Result result = result(failures);
    if (runtime != null) {
      runtime.close();
    }
    return result;
  }

  private Result result(List<String> failures) {
    Map<String, Double> byStage = new LinkedHashMap<>();
    for (String name : List.of("live", "shift", "recovered")) {
      accuracy.stream()
          .filter(p -> p.stage().equals(name))
          .mapToDouble(AccuracyPoint::accuracy)
          .average()
          .ifPresent(value -> byStage.put(name, value));
    }
    Map<String, Long> byType = new TreeMap<>();
    timeline.forEach(e -> byType.merge(e.type(), 1L, Long::sum));
    long retries = 0;
    long deadLetters = 0;
    long dropped = 0;
    List<JsonNode> versions = List.of();
    if (runtime != null) {
      for (var broker : runtime.status().brokers()) {
        for (var trigger : broker.triggers().values()) {
          retries += trigger.retried();
          deadLetters += trigger.deadLettered();
          dropped += trigger.dropped();
        }
      }
      try {
        JsonNode listed = get("/functions/registry/models/" + MODEL + "/versions");
        versions = new ArrayList<>();
        for (JsonNode version : listed.has("versions") ? listed.get("versions") : listed) {
          versions.add(version);
        }
      } catch (RuntimeException e) {
        failures.add("listing versions: " + e.getMessage());
      }
    }
    if (deadLetters > 0) {
      failures.add(deadLetters + " events were dead-lettered");
    }
    if (dropped > 0) {
      failures.add(dropped + " events were dropped after their retries");
    }
    if (firstDrift == null) {
      failures.add("no drift.detected event");
    }
    Double during = byStage.get("shift");
    Double after = byStage.get("recovered");
    if (during != null && after != null && after <= during) {
      failures.add(
          String.format(
              "accuracy did not recover: %.3f after retraining, %.3f before", after, during));
    }
    return new Result(
        failures.isEmpty(),
        failures,
        seconds(),
        versions,
        byStage,
        byType,
        retries,
        deadLetters,
        coldStarts,
        List.copyOf(accuracy),
        List.copyOf(timeline),
        List.copyOf(drift),
        firstDrift,
        List.copyOf(promotions));
  }

  /** Scores {@code rows} rows of {@code scenario}, chunk by chunk, then sends their labels. */
  private void traffic(Scenario scenario, int rows) throws InterruptedException {
    List<GroundTruth> labels = new ArrayList<>();
    for (int done = 0; done < rows; done += CHUNK) {
      long chunkStarted = System.nanoTime();
      List<Map<String, Object>> chunk = data.rows(Math.min(CHUNK, rows - done), seed++, scenario);
      List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
      Semaphore inFlight = new Semaphore(16);
      List<String> ids = new ArrayList<>();
      for (Map<String, Object> row : chunk) {
        Map<String, Object> inputs = new LinkedHashMap<>(row);
        inputs.remove("label");
        inputs.remove("email");
        inputs.values().removeIf(java.util.Objects::isNull);
        String id = "demo-" + seed + "-" + ids.size();
        ids.add(id);
        requestIds.add(id);
        inFlight.acquire();
        answers.add(
            http.sendAsync(
                    HttpRequest.newBuilder(
                            runtime.gatewayUri().resolve("/functions/inference/predict/" + MODEL))
                        .header("content-type", "application/json")
                        .header("X-Request-Id", id)
                        .header("Authorization", "Bearer " + predictToken)
                        .timeout(Duration.ofSeconds(60))
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                Json.MAPPER.writeValueAsString(
                                    Map.of("instances", List.of(inputs)))))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, error) -> inFlight.release())
                .thenApply(
                    response -> {
                      if (response.statusCode() != 200) {
                        throw new IllegalStateException(
                            "predict answered " + response.statusCode() + ": " + response.body());
                      }
                      return Json.MAPPER.readTree(response.body());
                    }));
      }
      int correct = 0;
      String version = null;
      for (int i = 0; i < chunk.size(); i++) {
        JsonNode answer = answers.get(i).join();
        version = answer.get("modelVersion").asString();
        String truth = (String) chunk.get(i).get("label");
        correct += truth.equals(answer.get("predictions").get(0).get("label").asString()) ? 1 : 0;
        labels.add(new GroundTruth(ids.get(i), truth, null));
      }
      if (labels.size() >= FEEDBACK_BATCH || done + CHUNK >= rows) {
        publish(client.event(new FeedbackReceived(MODEL, List.copyOf(labels))));
        labels.clear();
      }
      accuracy.add(new AccuracyPoint(seconds(), stage, version, (double) correct / chunk.size()));
      long rest = CHUNK_NANOS - (System.nanoTime() - chunkStarted);
      if (rest > 0) {
        Thread.sleep(rest / 1_000_000);
      }
    }
    AccuracyPoint last = accuracy.getLast();
    say(
        "%d %s transactions scored by %s; accuracy of the last %d: %.3f",
        rows, scenario, last.modelVersion(), CHUNK, last.accuracy());
  }

  /** Says which event the new version was trained for, from its card's lineage. */
  private void explainTraining(String version) {
    JsonNode card = get("/functions/registry/models/" + MODEL + "/versions/" + version);
    String cause = card == null ? null : card.path("training").path("causeEventId").asString(null);
    timeline.stream()
        .filter(event -> event.id().equals(cause))
        .findFirst()
        .ifPresent(
            event ->
                say(
                    "%s was trained on %d labelled production rows because of %s (%s)",
                    version,
                    card.path("training").path("trainRows").asLong(),
                    event.type().replace("dev.kinetic.", ""),
                    event.summary()));
  }

  /** Every request id the demo sent is in the audit log, written by the audit function. */
  private void checkAudit(List<String> failures) throws InterruptedException {
    try (S3ObjectStore store = S3ObjectStore.connect(runtime.storeSettings())) {
      AuditLog audit = new AuditLog(store);
      Set<String> missing = new java.util.LinkedHashSet<>(requestIds);
      for (int attempt = 0; attempt < 20 && !missing.isEmpty(); attempt++) {
        missing.removeAll(
            audit
                .findAll(MODEL, missing, java.time.LocalDate.now(java.time.ZoneOffset.UTC), 2)
                .keySet());
        if (!missing.isEmpty()) {
          Thread.sleep(500);
        }
      }
      say(
          "%d of %d request ids are in the audit log",
          requestIds.size() - missing.size(), requestIds.size());
      if (!missing.isEmpty()) {
        failures.add(
            missing.size()
                + " scored transactions are missing from the audit log, e.g. "
                + missing.iterator().next());
      }
    }
  }

  private String awaitChampion(String other) throws InterruptedException {
    while (true) {
      java.util.Optional<String> champion = champion();
      if (champion.isPresent() && !champion.get().equals(other)) {
        return champion.get();
      }
      checkTime();
      Thread.sleep(500);
    }
  }

  private void awaitServing(String version) throws InterruptedException {
    while (true) {
      JsonNode model = get("/functions/inference/v2/models/" + MODEL);
      if (model != null
          && model.has("versions")
          && model.get("versions").toString().contains(version)) {
        return;
      }
      checkTime();
      Thread.sleep(250);
    }
  }

  private java.util.Optional<String> champion() {
    JsonNode alias = get("/functions/registry/models/" + MODEL + "/champion");
    return alias == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(alias.get("version").asString());
  }

  /**
   * GET on the gateway, as an operator with scope {@code predict} and {@code admin}: the JSON
   * answer, or {@code null} for 404 and 204.
   */
  private JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(runtime.gatewayUri().resolve(path))
                  .header("Authorization", "Bearer " + operatorToken)
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404 || response.statusCode() == 204) {
        return null;
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void publish(CloudEvent event) {
    HttpMessage message = HttpCodec.encode(event, HttpCodec.Mode.BINARY);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(runtime.brokerUris().getFirst())
            .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    message.headers().forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202) {
        throw new IllegalStateException(
            "the broker refused "
                + event.getType()
                + ": "
                + response.statusCode()
                + " "
                + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("publishing " + event.getType(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void record(CloudEvent event) {
    Object version = event.getExtension(Extensions.MODEL_VERSION);
    String summary = summary(event);
    timeline.add(
        new TimelineEvent(
            seconds(),
            event.getId(),
            event.getType(),
            version == null ? null : version.toString(),
            summary));
    if (event.getType().equals(EventType.MODEL_PROMOTED.type())) {
      promotions.add(Json.MAPPER.readTree(event.getData().toBytes()));
    }
    if (event.getType().equals(EventType.DRIFT_DETECTED.type()) && firstDrift == null) {
      firstDrift = Json.MAPPER.readTree(event.getData().toBytes());
    }
    if (!QUIET.contains(event.getType())) {
      say("event  %-32s %s", event.getType().replace("dev.kinetic.", ""), summary);
    }
  }

  private static String summary(CloudEvent event) {
    if (event.getData() == null) {
      return "";
    }
    JsonNode data = Json.MAPPER.readTree(event.getData().toBytes());
    String type = event.getType();
    if (type.equals(EventType.DATASET_INGESTED.type())) {
      return data.path("rowsAccepted").asLong()
          + " rows accepted, "
          + data.path("rowsRejected").asLong()
          + " rejected ("
          + data.path("origin").asString("submitted")
          + ")";
    }
    if (type.equals(EventType.MODEL_TRAINED.type())) {
      return data.path("version").asString()
          + " accuracy "
          + String.format("%.3f", data.path("metrics").path("accuracy").asDouble());
    }
    if (type.equals(EventType.MODEL_PROMOTED.type())
        || type.equals(EventType.MODEL_REJECTED.type())) {
      return data.path("version").asString() + " " + data.path("reason").asString("");
    }
    if (type.equals(EventType.DRIFT_DETECTED.type())) {
      StringBuilder drifted = new StringBuilder();
      for (JsonNode feature : data.path("features")) {
        if (feature.path("drifted").asBoolean()) {
          drifted.append(drifted.isEmpty() ? "" : ", ").append(feature.path("feature").asString());
        }
      }
      return String.format(
          "%.0f%% of features drifted: %s", 100 * data.path("driftedShare").asDouble(), drifted);
    }
    if (type.equals(EventType.PERFORMANCE_DEGRADED.type())) {
      return data.path("metric").asString()
          + " "
          + String.format("%.3f", data.path("value").asDouble())
          + " below "
          + data.path("floor").asDouble();
    }
    return "";
  }

  private void watchColdStarts() {
    for (LocalService.Status function : runtime.status().functions()) {
      List<Long> starts =
          coldStarts.computeIfAbsent(function.name(), n -> new CopyOnWriteArrayList<>());
      if (function.coldStarts() > starts.size()
          && function.lastStartMillis() != null
          && "running".equals(function.state())) {
        starts.add(function.lastStartMillis());
        say(
            "start  %-32s cold start in %.1f s",
            function.name(), function.lastStartMillis() / 1000.0);
      }
    }
  }

  private void sampleDrift() {
    if (runtime == null
        || timeline.stream().noneMatch(e -> e.type().equals(EventType.INFERENCE_LOGGED.type()))) {
      return;
    }
    try {
      JsonNode report = get("/functions/drift/drift/" + MODEL);
      if (report == null) {
        return;
      }
      Map<String, Double> statistics = new LinkedHashMap<>();
      Map<String, Boolean> drifted = new HashMap<>();
      for (JsonNode feature : report.path("features")) {
        String name =
            feature.path("feature").asString() + " (" + feature.path("test").asString() + ")";
        statistics.put(
            name,
            feature.has("pValue")
                ? feature.path("pValue").asDouble()
                : feature.path("statistic").asDouble());
        drifted.put(name, feature.path("drifted").asBoolean());
      }
      drift.add(new DriftPoint(seconds(), statistics, drifted));
    } catch (RuntimeException e) {
      // a sample missed while the drift function starts; the next one comes in two seconds
    }
  }

  private void stage(String name, String text) {
    stage = name;
    out.printf("%n[%5.1fs] == %s ==%n", seconds(), text);
    out.flush();
  }

  private void say(String format, Object... args) {
    out.printf("[%5.1fs]    %s%n", seconds(), String.format(format, args));
    out.flush();
  }

  private void checkTime() {
    if (seconds() > options.timeout().toSeconds()) {
      throw new IllegalStateException(
          "the demo ran out of its " + options.timeout().toSeconds() + " s");
    }
  }

  private double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }
}
