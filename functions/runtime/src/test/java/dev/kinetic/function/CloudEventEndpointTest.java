package dev.kinetic.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.data.GateResult;
import dev.kinetic.contracts.data.ModelPromoted;
import dev.kinetic.contracts.data.ModelRejected;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.annotation.Import;

@Import(TestTokens.Issuer.class)
@SpringBootTest(
    classes = EchoApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"kinetic.function.name=echo", "kinetic.function.max-data-bytes=4096"})
class CloudEventEndpointTest {

  @LocalServerPort int port;
  @Autowired FunctionCatalog catalog;
  FunctionClient client;

  @BeforeEach
  void connect() {
    client = new FunctionClient(URI.create("http://127.0.0.1:" + port + "/"));
  }

  private static CloudEvent promoted(String reason) {
    return CloudEventBuilder.from(CanonicalEvents.of(EventType.MODEL_PROMOTED))
        .withData(
            "application/json",
            Payloads.write(
                new ModelPromoted(
                    "fraud", "v3", "v2", new GateResult("accuracy", 0.9, 0.8, 0.0, true), reason)))
        .build();
  }

  @ParameterizedTest
  @EnumSource(HttpCodec.Mode.class)
  void repliesInTheModeOfTheRequest(HttpCodec.Mode mode) {
    FunctionClient.Response response = client.send(promoted("ok"), mode);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("content-type"))
        .startsWith(
            mode == HttpCodec.Mode.STRUCTURED
                ? "application/cloudevents+json"
                : "application/json");
    CloudEvent reply = response.event();
    assertThat(reply.getType()).isEqualTo(EventType.MODEL_REJECTED.type());
    assertThat(reply.getSource()).hasToString("/kinetic/echo");
    assertThat(reply.getId()).isNotEqualTo(CanonicalEvents.of(EventType.MODEL_PROMOTED).getId());
    assertThat(Payloads.read(reply, ModelRejected.class).reason()).isEqualTo("echo");
  }

  @Test
  void answersAcceptedWithoutEchoingTheRequestWhenThereIsNoReply() {
    FunctionClient.Response response =
        client.send(CanonicalEvents.of(EventType.MODEL_ROLLED_BACK), HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.headers().keySet()).noneMatch(name -> name.startsWith("ce-"));
    assertThat(response.body()).isEmpty();
  }

  @Test
  void refusesAnEventWithoutSourceNamingTheAttribute() {
    Map<String, String> headers =
        Map.of(
            "ce-id", "1",
            "ce-specversion", "1.0",
            "ce-type", EventType.MODEL_PROMOTED.type(),
            "content-type", "application/json");

    FunctionClient.Response response = client.post("/", headers, "{}".getBytes());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("violations").get(0).get("location").asString())
        .isEqualTo("source");
  }

  @Test
  void refusesATypeTheFunctionDoesNotTake() {
    FunctionClient.Response response =
        client.send(CanonicalEvents.of(EventType.MODEL_TRAINED), HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.toString()).contains("\"location\":\"type\"", "is not one of");
  }

  @Test
  void refusesAnInvalidPayloadNamingTheField() {
    CloudEvent event =
        CloudEventBuilder.from(promoted("ok"))
            .withData("application/json", "{\"model\":\"fraud\"}".getBytes(StandardCharsets.UTF_8))
            .build();

    FunctionClient.Response response = client.send(event, HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.toString()).contains("/data");
  }

  /** {@code promoted("ok")} from {@code source}, with a field its schema does not define. */
  private static CloudEvent promotedWithANewField(String source) {
    return CloudEventBuilder.from(CanonicalEvents.withNewField(promoted("ok"), "approver", "ops"))
        .withSource(URI.create(source))
        .build();
  }

  @ParameterizedTest
  @EnumSource(HttpCodec.Mode.class)
  void takesAFieldANewerKineticFunctionAddedToItsEvent(HttpCodec.Mode mode) {
    FunctionClient.Response response =
        client.send(promotedWithANewField("/kinetic/registry"), mode);

    assertThat(response.status()).isEqualTo(200);
    assertThat(Payloads.read(response.event(), ModelRejected.class).reason()).isEqualTo("echo");
  }

  @ParameterizedTest
  @EnumSource(HttpCodec.Mode.class)
  void refusesAFieldItsSchemaLacksFromAnyoneElse(HttpCodec.Mode mode) {
    FunctionClient.Response response =
        client.send(promotedWithANewField("/clients/notebook"), mode);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.toString()).contains("\"location\":\"/data\"", "approver");
  }

  @Test
  void refusesAnOversizeEventWith413() {
    CloudEvent event =
        CloudEventBuilder.from(promoted("ok"))
            .withData("application/json", new byte[200_000])
            .build();

    FunctionClient.Response response = client.send(event, HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void answersUnprocessablePayloadsWith422NamingTheField() {
    FunctionClient.Response response =
        client.send(promoted("unprocessable"), HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.toString()).contains("data.model", "no such model");
  }

  @Test
  void answersFailuresWith500SoTheBrokerRetries() {
    FunctionClient.Response response = client.send(promoted("crash"), HttpCodec.Mode.STRUCTURED);

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.toString()).contains("disk on fire");
  }

  @Test
  void isASpringCloudFunctionInTheCatalog() {
    Object function = catalog.lookup(java.util.function.Function.class, "echo");

    assertThat(function).isNotNull();
    assertThat(catalog.getNames(java.util.function.Function.class)).contains("echo");
  }

  @Test
  void saysWhatItAcceptsWhenAskedForHealth() {
    FunctionClient.Response response = client.get("/healthz");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.toString()).contains(EventType.MODEL_PROMOTED.type());
  }
}
