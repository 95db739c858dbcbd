package dev.kinetic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kinetic.broker.TriggerStats;
import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.local.cli.Kinetic;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The whole path from data to a promoted model on the real manifests: data.submitted → ingest →
 * dataset.ingested → train → model.trained → registry → model.promoted → inference serving the
 * champion → its decision in the audit log, each function its own JVM from its built jar, on the
 * embedded S3 store, with the in-memory broker and with an embedded Kafka broker.
 */
class ModelLifecycleIT {

  static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

  @TempDir Path state;
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalRuntime runtime;

  @AfterEach
  void stop() throws IOException {
    if (runtime != null) {
      runtime.close();
    }
    // The functions' own logs, for whoever reads a failure of this test.
    try (var logs = Files.list(state.resolve("logs"))) {
      for (Path file : logs.sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        System.out.println("---- " + file.getFileName() + " (last 40 lines)");
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
      }
    }
  }

  // On the in-memory broker; DemoIT runs the whole loop on Kafka.
  @ParameterizedTest(name = "broker log: {0}")
  @ValueSource(strings = {"memory"})
  void submittedDataBecomesAPromotedModel(String log) throws Exception {
    runtime =
        LocalRuntime.start(
            new LocalRuntime.Options(
                REPOSITORY,
                REPOSITORY.resolve("knative/manifests/base"),
                state,
                0,
                log.equals("memory") ? null : log,
                true));
    StringBuilder csv = new StringBuilder();
    new FraudData().writeCsv(csv, 3000, 21, Scenario.training);
    CloudEvent submitted =
        EventTemplate.forFunction("test", new EventValidator())
            .event(DataSubmitted.inlineCsv("fraud", csv.toString()));

    assertThat(send(submitted)).isEqualTo(202);

    URI champion = runtime.gatewayUri().resolve("/functions/registry/models/fraud/champion");
    JsonNode alias =
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> get(champion), response -> response.statusCode() == 200)
            .body()
            .transform(Json.MAPPER::readTree);
    String version = alias.get("version").asString();
    JsonNode card =
        Json.MAPPER.readTree(
            get(runtime
                    .gatewayUri()
                    .resolve("/functions/registry/models/fraud/versions/" + version))
                .body());
    assertThat(card.get("metrics").get("accuracy").asDouble()).isGreaterThan(0.7);
    assertThat(card.get("lineage").get("datasetVersions").size()).isEqualTo(1);
    String transaction =
        """
        {"instances": [{"amount": 900.0, "hour": 2, "country": "DE", "channel": "online",
                        "merchant_risk": 0.8}]}
        """;
    URI predict = runtime.gatewayUri().resolve("/functions/inference/predict/fraud");
    StringWriter printed = new StringWriter();
    assertThat(
            Kinetic.run(
                new PrintWriter(printed, true),
                new PrintWriter(System.err, true),
                "token",
                "--scope",
                "predict",
                "--state",
                state.toString()))
        .isZero();
    String cliToken = printed.toString().strip();
    HttpResponse<String> predicted =
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> post(predict, transaction, cliToken),
                response -> response.statusCode() == 200);
    assertThat(Json.MAPPER.readTree(predicted.body()).get("modelVersion").asString())
        .isEqualTo(version);
    HttpResponse<String> anonymous = post(predict, transaction, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
    HttpResponse<String> wrongScope = post(predict, transaction, runtime.token("admin"));
    assertThat(wrongScope.statusCode()).isEqualTo(403);
    assertThat(wrongScope.body()).contains("needs a token with scope predict");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(runtime.gatewayUri().resolve("/.well-known/jwks.json"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .contains("\"kty\":\"RSA\"")
        .doesNotContain("\"d\":");
    Map<String, TriggerStats.Snapshot> triggers = runtime.status().brokers().getFirst().triggers();
    // The nightly retraining PingSource fires at 03:00 UTC; a run across that minute trains once
    // more.
    long retrains = triggers.get("train-on-retrain-fraud").delivered();
    Map<String, Long> expected =
        Map.of(
            "ingest-on-data-submitted", 1L,
            "train-on-dataset-ingested", 1L,
            "registry-on-model-trained", 1 + retrains);
    expected.forEach(
        (trigger, delivered) -> {
          assertThat(triggers.get(trigger).delivered()).as(trigger).isEqualTo(delivered);
          assertThat(triggers.get(trigger).deadLettered()).as(trigger).isZero();
        });
    CloudEvent unknownModel =
        EventTemplate.forFunction("test", new EventValidator())
            .event(DataSubmitted.inlineCsv("nobody", "label,x\nyes,1\n"));
    assertThat(send(unknownModel)).isEqualTo(202);
    JsonNode deadLetters =
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    Json.MAPPER.readTree(
                        get(runtime.gatewayUri().resolve("/functions/audit/dead-letters")).body()),
                letters -> letters.size() > 0);
    assertThat(deadLetters.get(0).get("id").asString()).isEqualTo(unknownModel.getId());
    assertThat(deadLetters.get(0).get("headers").get("ce-knativeerrorcode").asString())
        .isEqualTo("422");
    assertThat(runtime.status().functions())
        .extracting(LocalService.Status::name)
        .containsExactlyInAnyOrder("ingest", "train", "registry", "inference", "audit", "drift");
  }

  private int send(CloudEvent event) throws Exception {
    HttpMessage message = HttpCodec.encode(event, HttpCodec.Mode.BINARY);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(runtime.brokerUris().getFirst())
            .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    message.headers().forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private HttpResponse<String> post(URI uri, String json, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET as an operator (scope admin). */
  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + runtime.token("admin"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
