package dev.kinetic.audit;

import static dev.kinetic.function.ScopeAssertions.assertNeeds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.data.InferenceLogged.Decision;
import dev.kinetic.function.FunctionClient;
import dev.kinetic.function.InMemoryStoreConfiguration;
import dev.kinetic.function.PrometheusMetrics;
import dev.kinetic.function.TestTokens;
import dev.kinetic.function.security.Scopes;
import dev.kinetic.platform.audit.DecisionBatches;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({InMemoryStoreConfiguration.class, TestTokens.Issuer.class, PrometheusMetrics.class})
class AuditHttpTest {

  @LocalServerPort int port;
  @Autowired PrometheusMetrics metrics;
  FunctionClient client;

  @BeforeEach
  void setUp() {
    client = new FunctionClient(URI.create("http://127.0.0.1:" + port + "/"));
  }

  @ParameterizedTest
  @EnumSource(HttpCodec.Mode.class)
  void logsDecisionsAndAnswersWhyOneWasMade(HttpCodec.Mode mode) {
    String batch = "batch-" + mode;
    CloudEvent event =
        EventTemplate.forFunction("inference", new EventValidator())
            .event(DecisionBatches.batch(batch, DecisionBatches.NOON));

    assertThat(client.send(event, mode).status()).isEqualTo(202);
    assertThat(client.send(event, mode).status()).as("redelivered").isEqualTo(202);

    FunctionClient.Response found =
        client.get("/audit/fraud/decisions/" + batch + "-req-0?date=2026-11-26");
    assertThat(found.status()).as(found.toString()).isEqualTo(200);
    assertThat(found.json().get("decision").get("output").get("label").asString())
        .isEqualTo("legit");
    assertThat(found.json().get("cardUrl").asString())
        .isEqualTo("/functions/registry/models/fraud/versions/v1");
  }

  @Test
  void findsEachRowOfARequestWithSeveralByItsIdAndRow() {
    InferenceLogged batch =
        DecisionBatches.batch("multi", DecisionBatches.NOON, DecisionBatches.NOON);
    // As the inference function records the rows of one request: its id, a slash, the row.
    List<Decision> rows = new ArrayList<>();
    for (int row = 0; row < 2; row++) {
      Decision decision = batch.decisions().get(row);
      rows.add(
          new Decision(
              "multi-request/" + row,
              decision.time(),
              decision.inputs(),
              decision.output(),
              decision.latencyMicros(),
              "checkout-service"));
    }
    CloudEvent event =
        EventTemplate.forFunction("inference", new EventValidator())
            .event(new InferenceLogged("fraud", "v1", "multi", rows));
    assertThat(client.send(event, HttpCodec.Mode.BINARY).status()).isEqualTo(202);

    FunctionClient.Response second =
        client.get("/audit/fraud/decisions/multi-request/1?date=2026-11-26");

    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(second.json().get("decision").get("requestId").asString())
        .isEqualTo("multi-request/1");
    assertThat(second.json().get("decision").get("inputs").get("amount").asDouble())
        .isEqualTo(10.0);
    assertThat(second.json().get("decision").get("caller").asString())
        .as("who asked")
        .isEqualTo("checkout-service");
    assertThat(client.get("/audit/fraud/decisions/multi-request/2?date=2026-11-26").status())
        .isEqualTo(404);
  }

  @Test
  void countsDeadLettersByTypeSubscriberAndItsAnswer() {
    Map<String, String> headers =
        Map.of(
            "content-type", "application/json",
            "ce-specversion", "1.0",
            "ce-id", "dl-counted",
            "ce-source", "/test",
            "ce-type", "dev.kinetic.model.trained.v1",
            "ce-knativeerrordest", "http://registry.kinetic.svc.cluster.local/",
            "ce-knativeerrorcode", "500");
    for (int i = 0; i < 2; i++) {
      assertThat(
              client.post("/dead-letters", headers, "{}".getBytes(StandardCharsets.UTF_8)).status())
          .isEqualTo(202);
    }

    assertThat(
            metrics.value(
                "kinetic_dead_letters_total",
                Map.of(
                    "cloudevents_event_type", "dev.kinetic.model.trained.v1",
                    "kinetic_destination", "registry.kinetic.svc.cluster.local",
                    "kinetic_error_code", "500")))
        .isEqualTo(2);
  }

  @Test
  void answersAnUnknownRequestIdWith404AndABadEventWith400() {
    assertThat(client.get("/audit/fraud/decisions/none?date=2026-11-26").status()).isEqualTo(404);
    assertThat(client.get("/audit/fraud/decisions/none?days=0").status()).isEqualTo(422);
    CloudEvent empty =
        CloudEventBuilder.v1()
            .withId("x")
            .withSource(URI.create("/test"))
            .withType("dev.kinetic.inference.logged.v1")
            .withData("application/json", "{\"model\":\"fraud\"}".getBytes(StandardCharsets.UTF_8))
            .build();
    assertThat(client.send(empty, HttpCodec.Mode.BINARY).status()).isEqualTo(400);
  }

  @Test
  void queriesNeedTheAdminScopeAndDeliveriesTheEventsScope() {
    CloudEvent logged =
        EventTemplate.forFunction("inference", new EventValidator())
            .event(DecisionBatches.batch("scoped", DecisionBatches.NOON));
    byte[] deadLetter = "{}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        Map.of("content-type", "application/json", "ce-id", "dl-1", "ce-type", "x");

    assertNeeds(
        client,
        "GET decision",
        c -> c.get("/audit/fraud/decisions/none?date=2026-11-26"),
        404,
        Scopes.ADMIN);
    assertNeeds(client, "GET /dead-letters", c -> c.get("/dead-letters"), 200, Scopes.ADMIN);
    assertNeeds(
        client,
        "POST /dead-letters",
        c -> c.post("/dead-letters", headers, deadLetter),
        202,
        Scopes.EVENTS);
    assertNeeds(
        client,
        "POST / inference.logged",
        c -> c.send(logged, HttpCodec.Mode.BINARY),
        202,
        Scopes.EVENTS);
  }
}
