package dev.kinetic.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.contracts.data.Ping;
import dev.kinetic.contracts.data.TrainingRequested;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.function.FunctionClient;
import dev.kinetic.function.InMemoryStoreConfiguration;
import dev.kinetic.function.TestTokens;
import dev.kinetic.platform.dataset.PublishedDataset;
import dev.kinetic.platform.store.ObjectStore;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({InMemoryStoreConfiguration.class, TestTokens.Issuer.class})
class TrainHttpTest {

  @LocalServerPort int port;
  @Autowired ObjectStore store;
  FunctionClient client;

  @BeforeEach
  void setUp() {
    client = new FunctionClient(URI.create("http://127.0.0.1:" + port + "/"));
    ExampleModels.storeSpec(store, new FraudData());
  }

  static CloudEvent event(EventType type, Object data) {
    return CloudEventBuilder.v1()
        .withId(UUID.randomUUID().toString())
        .withSource(URI.create("/test"))
        .withType(type.type())
        .withData("application/json", Payloads.write(data))
        .build();
  }

  @ParameterizedTest
  @EnumSource(HttpCodec.Mode.class)
  void repliesModelTrainedToDatasetIngested(HttpCodec.Mode mode) {
    PublishedDataset dataset =
        ExampleModels.publish(store, new FraudData(), 800, 10 + mode.ordinal(), Scenario.training);

    FunctionClient.Response response =
        client.send(
            event(EventType.DATASET_INGESTED, ExampleModels.ingested(dataset, false)), mode);

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    CloudEvent reply = response.event();
    assertThat(reply.getType()).isEqualTo(EventType.MODEL_TRAINED.type());
    ModelTrained trained = Payloads.read(reply, ModelTrained.class);
    assertThat(reply.getExtension(Extensions.MODEL_VERSION)).isEqualTo(trained.version());
    assertThat(store.get(trained.modelKey())).isPresent();
  }

  @Test
  void answersADuplicateIngestionWithNoReply() {
    PublishedDataset dataset =
        ExampleModels.publish(store, new FraudData(), 100, 20, Scenario.training);

    FunctionClient.Response response =
        client.send(
            event(EventType.DATASET_INGESTED, ExampleModels.ingested(dataset, true)),
            HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(202);
  }

  @Test
  void answersATrainingRequestForAnUnknownModelWith422() {
    FunctionClient.Response response =
        client.send(
            event(
                EventType.TRAINING_REQUESTED,
                new TrainingRequested("ghost", TrainingRequested.Reason.manual, null, null)),
            HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.toString()).contains("data.model", "ghost");
  }

  @Test
  void aRedeliveredRequestRepliesTheSameVersion() {
    ExampleModels.publish(store, new FraudData(), 300, 21, Scenario.training);
    CloudEvent request =
        event(
            EventType.TRAINING_REQUESTED,
            new TrainingRequested("fraud", TrainingRequested.Reason.manual, null, null));

    ModelTrained first =
        Payloads.read(client.send(request, HttpCodec.Mode.BINARY).event(), ModelTrained.class);
    ModelTrained again =
        Payloads.read(client.send(request, HttpCodec.Mode.STRUCTURED).event(), ModelTrained.class);

    assertThat(again.version()).isEqualTo(first.version());
  }

  @Test
  void aScheduledPingRetrainsTheModelItNames() {
    ExampleModels.publish(store, new FraudData(), 300, 22, Scenario.training);
    CloudEvent ping =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(URI.create("/apis/v1/namespaces/kinetic/pingsources/retrain-fraud"))
            .withType(EventType.PING.type())
            .withData("application/json", Payloads.write(new Ping("retrain", "fraud")))
            .build();
    CloudEvent otherTask =
        CloudEventBuilder.v1(ping)
            .withId(UUID.randomUUID().toString())
            .withData("application/json", Payloads.write(new Ping("drift-check", null)))
            .build();

    FunctionClient.Response response = client.send(ping, HttpCodec.Mode.BINARY);

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(Payloads.read(response.event(), ModelTrained.class).model()).isEqualTo("fraud");
    assertThat(client.send(otherTask, HttpCodec.Mode.BINARY).status()).isEqualTo(422);
  }
}
