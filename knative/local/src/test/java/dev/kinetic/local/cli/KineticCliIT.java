package dev.kinetic.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kinetic.contracts.EventType;
import dev.kinetic.local.LocalRuntime;
import dev.kinetic.local.SampleManifests;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up}, {@code send}, {@code status}, {@code down} end to end, on a random port. */
class KineticCliIT {

  @TempDir Path work;

  /** {@code up} blocks until {@code down}; the common pool may have a single thread on 2 cores. */
  private final java.util.concurrent.ExecutorService background =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  private record Run(int exitCode, String out, String err) {}

  private static Run kinetic(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Kinetic.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void upSendStatusDown() throws Exception {
    Path manifests = work.resolve("manifests");
    Path state = work.resolve("state");
    SampleManifests.write(
        manifests, work.resolve("received.txt"), URI.create("http://127.0.0.1:9/"));
    CompletableFuture<Run> up =
        CompletableFuture.supplyAsync(
            () ->
                kinetic(
                    "up",
                    "--port",
                    "0",
                    "--manifests",
                    manifests.toString(),
                    "--state",
                    state.toString()),
            background);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(LocalRuntime.runtimeFile(state)) || up.isDone());
    assertThat(up).isNotDone();
    CompletableFuture<Run> events =
        CompletableFuture.supplyAsync(
            () -> kinetic("events", "--follow", "--count", "1", "--state", state.toString()),
            background);
    // The follower sees events from when it connects on: send until it has seen one.
    for (int i = 0; i < 50 && !events.isDone(); i++) {
      sendTrained(state, "followed-" + i);
      Thread.sleep(200);
    }
    Run followed = events.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(followed.out())
        .as(followed.err())
        .contains("dev.kinetic.model.trained.v1")
        .contains("followed-")
        .contains("model=fraud");

    Run sent = sendTrained(state, "from-cli");
    assertThat(sent.exitCode()).as(sent.out() + sent.err()).isZero();
    Run refused =
        kinetic(
            "send",
            "--state",
            state.toString(),
            "--type",
            "dev.kinetic.nonsense.v1",
            "--data",
            "{}");
    Run misspelt =
        kinetic(
            "send",
            "--state",
            state.toString(),
            "--type",
            EventType.TRAINING_REQUESTED.type(),
            "--data",
            "{\"model\":\"fraud\",\"reson\":\"manual\"}");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Files.exists(work.resolve("received.txt"))
                    && Files.readString(work.resolve("received.txt")).contains("from-cli"));
    Run status = kinetic("status", "--state", state.toString());
    Run down = kinetic("down", "--state", state.toString());

    assertThat(sent.exitCode()).as(sent.err()).isZero();
    assertThat(sent.out()).contains("accepted from-cli (dev.kinetic.model.trained.v1)");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .contains("refused with 400")
        .contains("unknown event type 'dev.kinetic.nonsense.v1'");
    assertThat(misspelt.exitCode()).isEqualTo(1);
    assertThat(misspelt.err()).contains("refused with 400").contains("reson");
    assertThat(status.out())
        .contains("sample-on-trained")
        // Running, or already idle again: its window is one second.
        .containsPattern("sample\\s+(running\\s+\\d+|idle\\s+-)\\s+[1-9]");
    assertThat(down.out()).contains("Kinetic is down.");
    Run finished = up.get();
    assertThat(finished.exitCode()).isZero();
    assertThat(finished.out())
        .contains("Kinetic is up.")
        .contains("function  sample")
        .contains("/kinetic/default");
    assertThat(Files.exists(LocalRuntime.runtimeFile(state))).isFalse();
    assertThat(kinetic("status", "--state", state.toString()).err())
        .contains("Kinetic is not running here");
  }

  /** {@code kinetic send} of the canonical model.trained data, from a file, with this id. */
  private Run sendTrained(Path state, String id) throws Exception {
    return kinetic(
        "send",
        "--state",
        state.toString(),
        "--type",
        EventType.MODEL_TRAINED.type(),
        "--id",
        id,
        "--data",
        "@" + writeData(EventType.MODEL_TRAINED));
  }

  private Path writeData(EventType type) throws Exception {
    Path data = work.resolve("data.json");
    Files.write(data, dev.kinetic.contracts.fixtures.CanonicalEvents.of(type).getData().toBytes());
    return data;
  }
}
