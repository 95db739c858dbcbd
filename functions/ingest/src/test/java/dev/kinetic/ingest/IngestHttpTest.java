package dev.kinetic.ingest;

import static dev.kinetic.function.ScopeAssertions.assertNeeds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.examples.ExampleData;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.function.FunctionClient;
import dev.kinetic.function.InMemoryStoreConfiguration;
import dev.kinetic.function.TestTokens;
import dev.kinetic.function.security.Scopes;
import dev.kinetic.platform.spec.SpecStore;
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

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "kinetic.ingest.pii-key=a-test-key-of-32-bytes-----------",
      "kinetic.ingest.bucket=kinetic"
    })
@Import({InMemoryStoreConfiguration.class, TestTokens.Issuer.class})
class IngestHttpTest {

  @LocalServerPort int port;
  @Autowired ObjectStore store;
  FunctionClient client;

  @BeforeEach
  void setUp() {
    client = new FunctionClient(URI.create("http://127.0.0.1:" + port + "/"));
    ExampleData.all().forEach(data -> new SpecStore(store).put(data.spec(), data.model()));
  }

  static CloudEvent submitted(DataSubmitted data) {
    return CloudEventBuilder.v1()
        .withId(UUID.randomUUID().toString())
        .withSource(URI.create("/test"))
        .withType(EventType.DATA_SUBMITTED.type())
        .withData("application/json", Payloads.write(data))
        .build();
  }

  static String fraudCsv(int rows, long seed) {
    StringBuilder csv = new StringBuilder();
    new FraudData().writeCsv(csv, rows, seed, Scenario.training);
    return csv.toString();
  }

  @ParameterizedTest
  @EnumSource(HttpCodec.Mode.class)
  void repliesDatasetIngested(HttpCodec.Mode mode) {
    FunctionClient.Response response =
        client.send(
            submitted(DataSubmitted.inlineCsv("fraud", fraudCsv(300, mode.ordinal()))), mode);

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    CloudEvent reply = response.event();
    assertThat(reply.getType()).isEqualTo(EventType.DATASET_INGESTED.type());
    assertThat(reply.getSource()).hasToString("/kinetic/ingest");
    assertThat(reply.getExtension("model")).isEqualTo("fraud");
    DatasetIngested ingested = Payloads.read(reply, DatasetIngested.class);
    assertThat(ingested.rowsAccepted()).isEqualTo(300);
    assertThat(store.get(ingested.manifestKey())).isPresent();
  }

  @Test
  void aRedeliveredEventGivesTheSameVersionMarkedDuplicate() {
    CloudEvent event = submitted(DataSubmitted.inlineCsv("fraud", fraudCsv(100, 9)));

    DatasetIngested first =
        Payloads.read(client.send(event, HttpCodec.Mode.BINARY).event(), DatasetIngested.class);
    DatasetIngested again =
        Payloads.read(client.send(event, HttpCodec.Mode.BINARY).event(), DatasetIngested.class);

    assertThat(again.datasetVersion()).isEqualTo(first.datasetVersion());
    assertThat(again.duplicate()).isTrue();
  }

  @Test
  void answersUnknownModelWith422NamingTheField() {
    FunctionClient.Response response =
        client.send(
            submitted(DataSubmitted.inlineCsv("nope", "a,b\n1,2\n")), HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.toString()).contains("data.model", "there is no model 'nope'");
  }

  @Test
  void answersMalformedCsvWith422() {
    FunctionClient.Response response =
        client.send(
            submitted(DataSubmitted.inlineCsv("fraud", "label,amount\n\"legit,1\n")),
            HttpCodec.Mode.STRUCTURED);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.toString()).contains("data.data");
  }

  @Test
  void answersWrongPayloadShapeWith400() {
    CloudEvent event =
        CloudEventBuilder.from(submitted(DataSubmitted.inlineCsv("fraud", "x")))
            .withData(
                "application/json", "{\"model\":\"fraud\",\"csv\":\"x\",\"rows\":[]}".getBytes())
            .build();

    FunctionClient.Response response = client.send(event, HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.toString()).contains("/data");
  }

  @Test
  void answersOversizeInlineDataWith413() {
    FunctionClient.Response response =
        client.send(
            submitted(DataSubmitted.inlineCsv("fraud", fraudCsv(40_000, 1))),
            HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void dataMayBeSubmittedDirectlyWithTheIngestScope() {
    CloudEvent event = submitted(DataSubmitted.inlineCsv("fraud", fraudCsv(50, 11)));

    assertNeeds(
        client,
        "POST / data.submitted",
        c -> c.send(event, HttpCodec.Mode.BINARY),
        200,
        Scopes.INGEST,
        Scopes.EVENTS);
  }
}
