package dev.kinetic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.local.manifest.ManifestException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code kinetic up} says when it cannot start, and that it leaves nothing running then. */
class LocalRuntimeErrorsIT {

  @TempDir Path work;

  private LocalRuntime.Options options(Path manifests, int port) {
    return new LocalRuntime.Options(work, manifests, work.resolve("state"), port, null, false);
  }

  @Test
  void namesTheFunctionJarsThatAreMissing() throws IOException {
    Path manifests = Files.createDirectories(work.resolve("manifests"));
    Files.writeString(
        manifests.resolve("ingest.yaml"),
        """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: kinetic}
        ---
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: ingest, namespace: kinetic}
        spec:
          template:
            spec:
              containers:
                - image: ghcr.io/kinetic/kinetic-ingest:latest
        """);

    assertThatThrownBy(() -> LocalRuntime.start(options(manifests, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("function jars are missing")
        .hasMessageContaining("ingest: functions/ingest/target/kinetic-ingest-exec.jar")
        .hasMessageContaining("./mvnw package -DskipTests");
    assertThat(LocalRuntime.runtimeFile(work.resolve("state"))).doesNotExist();
  }

  @Test
  void namesAPortInUseAndStopsWhatItStarted() throws IOException {
    Path manifests = work.resolve("manifests");
    SampleManifests.write(
        manifests, work.resolve("received.txt"), URI.create("http://127.0.0.1:9/"));
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));

      assertThatThrownBy(() -> LocalRuntime.start(options(manifests, taken.getLocalPort())))
          .hasMessage(
              "port "
                  + taken.getLocalPort()
                  + " is in use: stop what uses it, or pass --port with another port");
    }
    try (LocalRuntime runtime = LocalRuntime.start(options(manifests, 0))) {
      assertThat(runtime.gatewayUri().getPort()).isPositive();
    }
  }

  @Test
  void refusesInvalidManifestsBeforeStartingAnything() throws IOException {
    Path manifests = Files.createDirectories(work.resolve("manifests"));
    Files.writeString(
        manifests.resolve("trigger.yaml"),
        """
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: orphan}
        spec:
          broker: default
          subscriber: {uri: http://127.0.0.1:9/}
        """);

    assertThatThrownBy(() -> LocalRuntime.start(options(manifests, 0)))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("Trigger orphan: broker 'default' is not declared");
    assertThat(work.resolve("state")).doesNotExist();
  }
}
