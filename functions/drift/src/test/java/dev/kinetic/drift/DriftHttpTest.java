package dev.kinetic.drift;

import static dev.kinetic.function.ScopeAssertions.assertNeeds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.data.Ping;
import dev.kinetic.examples.FraudData;
import dev.kinetic.function.FunctionClient;
import dev.kinetic.function.InMemoryStoreConfiguration;
import dev.kinetic.function.TestTokens;
import dev.kinetic.function.security.Scopes;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.train.ExampleModels;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({InMemoryStoreConfiguration.class, TestTokens.Issuer.class})
class DriftHttpTest {

  @LocalServerPort int port;
  @Autowired ObjectStore store;

  @Test
  void reportsNeedTheAdminScopeAndTheScheduledCheckTheEventsScope() {
    FunctionClient client = new FunctionClient(URI.create("http://127.0.0.1:" + port + "/"));
    FraudData fraud = new FraudData();
    ExampleModels.storeSpec(store, fraud);
    ExampleModels.champion(store, fraud, 1500, 3);
    CloudEvent ping =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(URI.create("/apis/v1/namespaces/kinetic/pingsources/drift-check"))
            .withType(EventType.PING.type())
            .withData("application/json", Payloads.write(new Ping("drift-check", null)))
            .build();

    assertNeeds(client, "GET /drift/fraud", c -> c.get("/drift/fraud"), 204, Scopes.ADMIN);
    assertNeeds(client, "GET /drift/nothing", c -> c.get("/drift/nothing"), 404, Scopes.ADMIN);
    assertNeeds(
        client, "POST / ping", c -> c.send(ping, HttpCodec.Mode.BINARY), 202, Scopes.EVENTS);
    assertThat(client.withToken(null).get("/healthz").status()).isEqualTo(200);
  }
}
