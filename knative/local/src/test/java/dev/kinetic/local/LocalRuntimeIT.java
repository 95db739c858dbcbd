package dev.kinetic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.kinetic.broker.TriggerStats;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime end to end: manifests with a tiny sample function that runs as its own JVM, real
 * HTTP, the embedded S3 store. Scale from zero, back to zero, a crash, retries and dead letters.
 */
class LocalRuntimeIT {

  @TempDir Path work;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<CloudEvent> deadLetters = new CopyOnWriteArrayList<>();
  private HttpServer deadLetterSink;
  private LocalRuntime runtime;

  @BeforeEach
  void start() throws IOException {
    deadLetterSink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    deadLetterSink.createContext(
        "/",
        exchange -> {
          try (exchange) {
            deadLetters.add(
                HttpCodec.decodeMultimap(
                    exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(202, -1);
          }
        });
    deadLetterSink.start();
    SampleManifests.write(
        work.resolve("manifests"),
        work.resolve("received.txt"),
        URI.create("http://127.0.0.1:" + deadLetterSink.getAddress().getPort() + "/"));
    runtime =
        LocalRuntime.start(
            new LocalRuntime.Options(
                work, work.resolve("manifests"), work.resolve("state"), 0, null, false));
  }

  @AfterEach
  void stop() {
    runtime.close();
    deadLetterSink.stop(0);
  }

  private int send(CloudEvent event) throws Exception {
    HttpMessage message = HttpCodec.encode(event, HttpCodec.Mode.BINARY);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(runtime.brokerUris().getFirst())
            .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    message.headers().forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private LocalService.Status function(String name) {
    return runtime.status().functions().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private List<String> received() throws IOException {
    Path file = work.resolve("received.txt");
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void startsAFunctionOnItsFirstEventStopsItWhenIdleAndStartsItAgain() throws Exception {
    assertThat(function("sample").state()).isEqualTo("idle");
    assertThat(function("sample").coldStarts()).isZero();

    assertThat(
            send(
                CloudEventBuilder.from(CanonicalEvents.of(EventType.MODEL_TRAINED))
                    .withId("first")
                    .build()))
        .isEqualTo(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> received().contains("first"));
    assertThat(function("sample").coldStarts()).isEqualTo(1);
    assertThat(function("crashy").coldStarts()).isZero();

    await().atMost(Duration.ofSeconds(15)).until(() -> function("sample").state().equals("idle"));

    assertThat(
            send(
                CloudEventBuilder.from(CanonicalEvents.of(EventType.MODEL_TRAINED))
                    .withId("second")
                    .build()))
        .isEqualTo(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> received().contains("second"));
    assertThat(function("sample").coldStarts()).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        runtime.status().brokers().getFirst().triggers().get("sample-on-trained"))
                    .isEqualTo(new TriggerStats.Snapshot(2, 0, 0, 0)));
  }

  @Test
  void aCrashingFunctionIsReportedAndItsEventsAreRetriedThenDeadLettered() throws Exception {
    assertThat(
            send(
                CloudEventBuilder.from(CanonicalEvents.of(EventType.MODEL_REJECTED))
                    .withId("poison")
                    .build()))
        .isEqualTo(202);

    await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.size() == 1);
    assertThat(deadLetters.getFirst().getId()).isEqualTo("poison");
    assertThat(deadLetters.getFirst().getExtension("knativeerrordest"))
        .hasToString(runtime.gatewayUri().resolve("/functions/crashy/").toString());
    assertThat(deadLetters.getFirst().getExtension("knativeerrorcode")).hasToString("502");
    assertThat(
            new String(
                Base64.getDecoder()
                    .decode(deadLetters.getFirst().getExtension("knativeerrordata").toString()),
                StandardCharsets.UTF_8))
        .as("the gateway's answer for a function that exited in the middle of a request")
        .contains("the function did not answer");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(function("crashy"))
                    .extracting(LocalService.Status::state)
                    .isEqualTo("crashed"));
    LocalService.Status crashy = function("crashy");
    assertThat(crashy.lastExitCode()).isEqualTo(3);
    assertThat(crashy.coldStarts()).isEqualTo(3);
    assertThat(crashy.logTail()).contains("cannot handle dev.kinetic.model.rejected.v1: exiting");
    assertThat(runtime.status().brokers().getFirst().triggers().get("crashy-on-rejected"))
        .isEqualTo(new TriggerStats.Snapshot(0, 2, 1, 0));
  }

  @Test
  void reachesAFunctionDirectlyThroughTheGateway() throws Exception {
    HttpResponse<String> hello =
        http.send(
            HttpRequest.newBuilder(runtime.functionUris().get("sample").resolve("hello")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown =
        http.send(
            HttpRequest.newBuilder(runtime.gatewayUri().resolve("/functions/nobody/")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("hello from sample");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("no function 'nobody'");
  }
}
