package dev.kinetic.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.data.DriftDetected;
import dev.kinetic.contracts.data.DriftDetected.FeatureDrift;
import dev.kinetic.contracts.data.FeedbackReceived;
import dev.kinetic.contracts.data.FeedbackReceived.GroundTruth;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.data.InferenceLogged.Decision;
import dev.kinetic.contracts.data.Prediction;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.train.ExampleModels;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

  static final FraudData FRAUD = new FraudData();
  static InMemoryObjectStore trained = new InMemoryObjectStore();
  static String champion;

  InMemoryObjectStore store = copyOf(trained);
  DriftMonitors monitors = new DriftMonitors(store, Clock.systemUTC(), 200, Duration.ofMinutes(1));

  @BeforeAll
  static void trainChampion() {
    ExampleModels.storeSpec(trained, FRAUD);
    champion = ExampleModels.champion(trained, FRAUD, 3000, 11).version();
  }

  @Test
  void liveTrafficLikeTheTrainingDataDoesNotDrift() {
    DriftMonitor monitor = monitors.of("fraud", null).orElseThrow();

    List<DriftMonitor.Findings> findings = observe(monitor, Scenario.live, 1000, 12, true);

    assertThat(findings).allSatisfy(f -> assertThat(f.drift()).isEmpty());
    DriftDetected report = monitor.report().orElseThrow();
    assertThat(report.driftedShare()).isLessThan(0.5);
    assertThat(report.window().size()).isEqualTo(1000);
    assertThat(report.features())
        .extracting(FeatureDrift::feature)
        .containsExactly("amount", "hour", "country", "channel", "merchant_risk", "label");
  }

  @Test
  void shiftedTrafficDriftsAndIsAnnouncedOncePerWindow() {
    DriftMonitor monitor = monitors.of("fraud", null).orElseThrow();
    observe(monitor, Scenario.live, 1000, 13, true);

    List<DriftDetected> drifts =
        observe(monitor, Scenario.shifted, 1000, 14, true).stream()
            .flatMap(f -> f.drift().stream())
            .toList();

    assertThat(drifts).hasSize(1);
    DriftDetected drift = drifts.getFirst();
    assertThat(drift.modelVersion()).isEqualTo(champion);
    assertThat(drift.driftedShare()).isGreaterThanOrEqualTo(0.5);
    Map<String, FeatureDrift> byName = new LinkedHashMap<>();
    drift.features().forEach(f -> byName.put(f.feature(), f));
    assertThat(byName.get("amount").drifted()).isTrue();
    assertThat(byName.get("amount").test()).isEqualTo(FeatureDrift.Test.psi);
    assertThat(byName.get("country").drifted()).isTrue();
    assertThat(byName.get("country").test()).isEqualTo(FeatureDrift.Test.chi_squared);
    assertThat(byName.get("country").pValue()).isLessThan(0.05);
    assertThat(byName.get("hour").drifted()).as("hour keeps its distribution").isFalse();
    assertThat(drift.window().size()).isEqualTo(1000);
  }

  @Test
  void gaugesShowEachFeaturesStatisticAndThresholdInTheLiveWindow() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader).build();
    DriftMetrics.register(meters.get("test"), monitors);
    DriftMonitor monitor = monitors.of("fraud", null).orElseThrow();
    assertThat(reader.collectAllMetrics()).as("no window yet").isEmpty();

    observe(monitor, Scenario.live, 1000, 15, true);
    observe(monitor, Scenario.shifted, 1000, 16, true);

    DriftDetected last = monitor.report().orElseThrow();
    Map<String, MetricData> byName = new LinkedHashMap<>();
    reader.collectAllMetrics().forEach(m -> byName.put(m.getName(), m));
    FeatureDrift amount =
        last.features().stream().filter(f -> f.feature().equals("amount")).findFirst().get();
    assertThat(gauge(byName.get("kinetic.drift.statistic"), "amount"))
        .isEqualTo(amount.statistic());
    assertThat(gauge(byName.get("kinetic.drift.threshold"), "amount"))
        .isEqualTo(amount.threshold());
    assertThat(amount.statistic()).isGreaterThan(amount.threshold());
    DoublePointData share =
        byName
            .get("kinetic.drift.drifted_share")
            .getDoubleGaugeData()
            .getPoints()
            .iterator()
            .next();
    assertThat(share.getValue()).isEqualTo(last.driftedShare());
    assertThat(share.getAttributes().get(DriftMetrics.VERSION)).isEqualTo(champion);
    assertThat(byName.get("kinetic.drift.statistic").getDoubleGaugeData().getPoints())
        .hasSize(last.features().size());
  }

  private static double gauge(MetricData metric, String feature) {
    return metric.getDoubleGaugeData().getPoints().stream()
        .filter(p -> feature.equals(p.getAttributes().get(DriftMetrics.FEATURE)))
        .filter(p -> "psi".equals(p.getAttributes().get(DriftMetrics.TEST)))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  @Test
  void aBatchLargerThanAWriteReportsTheDriftFoundPartWay() {
    DriftMonitor monitor = monitors.of("fraud", null).orElseThrow();
    observe(monitor, Scenario.live, 1000, 21, true);

    DriftMonitor.Findings findings =
        monitor.observe("evt-big", batch(Scenario.shifted, 1000, 22, true, "big"));

    assertThat(findings.drift()).as("found at one of the batch's five writes").isPresent();
  }

  @Test
  void aRestartedReplicaContinuesFromTheStoredWindow() {
    DriftMonitor first = monitors.of("fraud", null).orElseThrow();
    observe(first, Scenario.live, 650, 15, true);
    // 600 rows were written in three writes; 50 wait in memory and die with the replica

    DriftMonitor restarted =
        new DriftMonitors(store, Clock.systemUTC(), 200, Duration.ofMinutes(1))
            .of("fraud", null)
            .orElseThrow();

    assertThat(restarted.report()).as("600 rows: more than half a window").isPresent();
    assertThat(restarted.report().orElseThrow().window().size()).isEqualTo(600);
  }

  @Test
  void replicasMergeTheirRowsIntoOneWindow() {
    DriftMonitor a = monitors.of("fraud", null).orElseThrow();
    DriftMonitor b =
        new DriftMonitors(store, Clock.systemUTC(), 200, Duration.ofMinutes(1))
            .of("fraud", null)
            .orElseThrow();

    observe(a, Scenario.live, 300, 16, true);
    observe(b, Scenario.live, 300, 17, true);
    a.flush();
    b.flush();

    DriftMonitor reader =
        new DriftMonitors(store, Clock.systemUTC(), 200, Duration.ofMinutes(1))
            .of("fraud", null)
            .orElseThrow();
    assertThat(reader.report().orElseThrow().window().size()).isEqualTo(600);
  }

  @Test
  void aRedeliveredBatchIsCountedOnce() {
    DriftMonitor monitor = monitors.of("fraud", null).orElseThrow();
    InferenceLogged batch = batch(Scenario.live, 600, 18, true, "b");

    monitor.observe("evt-1", batch);
    monitor.flush();
    monitor.observe("evt-1", batch);
    monitor.flush();

    assertThat(monitor.report().orElseThrow().window().size()).isEqualTo(600);
  }

  @Test
  void wrongPredictionsDegradePerformanceBelowTheFloor() {
    DriftMonitor monitor = monitors.of("fraud", null).orElseThrow();
    // predictions that are right only for legit transactions: accuracy near the share of legit
    InferenceLogged batch = batch(Scenario.shifted, 400, 19, false, "w");
    monitor.observe("evt-logged", batch);
    List<GroundTruth> labels = new ArrayList<>();
    List<Map<String, Object>> rows = FRAUD.rows(400, 19, Scenario.shifted);
    for (int i = 0; i < rows.size(); i++) {
      labels.add(new GroundTruth("w-" + i, (String) rows.get(i).get("label"), null));
    }

    DriftMonitor.Findings findings =
        monitor.feedback("evt-feedback", new FeedbackReceived("fraud", labels));
    Optional<?> degraded =
        findings.degraded().isPresent() ? findings.degraded() : monitor.flush().degraded();

    assertThat(degraded).isPresent();
    var performance = (dev.kinetic.contracts.data.PerformanceDegraded) degraded.get();
    assertThat(performance.metric()).isEqualTo("accuracy");
    assertThat(performance.value()).isLessThan(0.75);
    assertThat(performance.floor()).isEqualTo(0.75);
  }

  @Test
  void feedbackForDecisionsThisReplicaNeverSawIsJoinedFromTheAuditLog() {
    InferenceLogged batch = batch(Scenario.live, 300, 20, true, "a");
    new dev.kinetic.platform.audit.AuditLog(store).write(batch);
    DriftMonitor monitor = monitors.of("fraud", null).orElseThrow();
    List<GroundTruth> labels = new ArrayList<>();
    List<Map<String, Object>> rows = FRAUD.rows(300, 20, Scenario.live);
    for (int i = 0; i < rows.size(); i++) {
      labels.add(new GroundTruth("a-" + i, (String) rows.get(i).get("label"), null));
    }

    monitor.feedback("evt-feedback", new FeedbackReceived("fraud", labels));
    DriftMonitor.Findings findings = monitor.flush();

    assertThat(findings.degraded()).as("every prediction was right").isEmpty();
  }

  private List<DriftMonitor.Findings> observe(
      DriftMonitor monitor, Scenario scenario, int rows, long seed, boolean truthful) {
    List<DriftMonitor.Findings> findings = new ArrayList<>();
    InferenceLogged all = batch(scenario, rows, seed, truthful, "r" + seed);
    for (int from = 0; from < rows; from += 50) {
      List<Decision> part = all.decisions().subList(from, Math.min(rows, from + 50));
      findings.add(
          monitor.observe(
              "evt-" + seed + "-" + from,
              new InferenceLogged("fraud", champion, "batch-" + seed + "-" + from, part)));
    }
    return findings;
  }

  /** Decisions on example rows; {@code truthful} predicts the true label, else always legit. */
  static InferenceLogged batch(
      Scenario scenario, int rows, long seed, boolean truthful, String prefix) {
    List<Decision> decisions = new ArrayList<>();
    Instant now = Instant.now();
    List<Map<String, Object>> data = FRAUD.rows(rows, seed, scenario);
    for (int i = 0; i < data.size(); i++) {
      Map<String, Object> inputs = new LinkedHashMap<>(data.get(i));
      String label = (String) inputs.remove("label");
      inputs.remove("email");
      inputs.values().removeIf(java.util.Objects::isNull);
      String predicted = truthful ? label : "legit";
      decisions.add(
          new Decision(
              prefix + "-" + i,
              now,
              inputs,
              Prediction.classified(predicted, Map.of(predicted, 0.9f)),
              100));
    }
    return new InferenceLogged("fraud", champion, prefix, decisions);
  }

  private static InMemoryObjectStore copyOf(InMemoryObjectStore source) {
    InMemoryObjectStore copy = new InMemoryObjectStore();
    for (var info : source.list("")) {
      copy.put(info.key(), source.get(info.key()).orElseThrow().readAllBytes());
    }
    return copy;
  }
}
