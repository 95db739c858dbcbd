package dev.kinetic.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.EventType;
import dev.kinetic.local.Demo;
import dev.kinetic.local.Demo.TimelineEvent;
import dev.kinetic.local.LocalRuntime;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The closed loop end to end, as {@code ./kinetic demo --kafka embedded} runs it: a KRaft Kafka and
 * S3Proxy started here, every function a separate process behind the local runtime.
 */
class DemoIT {

  @TempDir Path state;

  @Test
  void driftLeadsToARetrainedChampionThatRecoversAccuracyWithNothingLost() throws Exception {
    Demo.Result result =
        Demo.run(
            new Demo.Options(
                BaseRuntime.REPOSITORY,
                state,
                LocalRuntime.EMBEDDED,
                Duration.ofMinutes(6),
                new PrintWriter(System.out, true)));
    Demo.printSummary(result, new PrintWriter(System.out, true));
    Path report = state.resolve("report.html");
    Demo.writeReport(result, report);

    assertThat(result.failures()).isEmpty();
    assertThat(result.passed()).isTrue();
    assertThat(result.deadLetters()).isZero();
    assertThat(firstTime(result, EventType.DATA_SUBMITTED))
        .isLessThan(firstTime(result, EventType.DATASET_INGESTED));
    assertThat(firstTime(result, EventType.DATASET_INGESTED))
        .isLessThan(firstTime(result, EventType.MODEL_TRAINED));
    assertThat(firstTime(result, EventType.MODEL_TRAINED))
        .isLessThan(firstTime(result, EventType.MODEL_PROMOTED));
    double signal =
        Math.min(
            firstTime(result, EventType.DRIFT_DETECTED),
            firstTime(result, EventType.PERFORMANCE_DEGRADED));
    assertThat(signal).isGreaterThan(firstTime(result, EventType.MODEL_PROMOTED));
    // The nightly retraining PingSource fires at 03:00 UTC: in a run across that minute it retrains
    // on unchanged data, and the registry announces the unchanged champion again. What counts is
    // the versions promoted.
    List<TimelineEvent> promoted = all(result, EventType.MODEL_PROMOTED);
    List<String> versions = promoted.stream().map(TimelineEvent::modelVersion).distinct().toList();
    assertThat(versions).as(promoted.toString()).hasSize(2);
    assertThat(
            promoted.stream()
                .filter(event -> event.modelVersion().equals(versions.get(1)))
                .findFirst()
                .orElseThrow()
                .seconds())
        .as("the second version's promotion follows a signal")
        .isGreaterThan(signal);
    assertThat(result.drift()).as("drift statistics sampled over time").isNotEmpty();

    JsonNode retrained = result.promotions().getLast();
    assertThat(retrained.path("previousVersion").asString())
        .isEqualTo(result.promotions().getFirst().path("version").asString());
    JsonNode gate = retrained.path("gate");
    assertThat(gate.path("passed").asBoolean()).isTrue();
    assertThat(gate.path("challenger").asDouble())
        .as("the retrained model on the drifted holdout, against the old champion on the same rows")
        .isGreaterThan(gate.path("champion").asDouble());
    assertThat(result.accuracyByStage().get("recovered"))
        .isGreaterThan(result.accuracyByStage().get("shift") + 0.1);
    assertThat(Files.readString(report)).contains("<svg").contains("drift.detected");
    for (String function : List.of("ingest", "train", "registry", "inference", "audit", "drift")) {
      assertThat(Files.readString(state.resolve("logs").resolve(function + ".log")))
          .as("%s started from the bean definitions its jar was built with", function)
          .contains("Starting AOT-processed");
    }
    assertThat(Files.readString(state.resolve("logs").resolve("inference.log")))
        .as("the JVM options of inference's manifest reached its process")
        .contains("Picked up JAVA_TOOL_OPTIONS: -XX:+UseG1GC");
  }

  private static List<TimelineEvent> all(Demo.Result result, EventType type) {
    return result.timeline().stream().filter(e -> e.type().equals(type.type())).toList();
  }

  private static double firstTime(Demo.Result result, EventType type) {
    return all(result, type).stream()
        .mapToDouble(TimelineEvent::seconds)
        .min()
        .orElseThrow(() -> new AssertionError("no " + type.type() + " event"));
  }
}
