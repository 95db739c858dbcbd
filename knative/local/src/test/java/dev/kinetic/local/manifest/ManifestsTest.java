package dev.kinetic.local.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.broker.DeliverySpec;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {

  @TempDir Path folder;

  private static final String BROKER =
      """
      apiVersion: eventing.knative.dev/v1
      kind: Broker
      metadata: {name: default, namespace: kinetic}
      spec:
        delivery: {retry: 2, backoffPolicy: linear, backoffDelay: PT0.5S}
      """;

  private static final String SERVICE =
      """
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata: {name: registry, namespace: kinetic}
      spec:
        template:
          metadata:
            annotations:
              autoscaling.knative.dev/window: 6s
              autoscaling.knative.dev/scale-to-zero-pod-retention-period: 1m30s
          spec:
            containers:
              - image: ghcr.io/kinetic/kinetic-registry:latest
                env: [{name: LOG_LEVEL, value: debug}]
                readinessProbe: {httpGet: {path: /actuator/health}}
      """;

  private Topology load(String... documents) throws IOException {
    Files.writeString(folder.resolve("all.yaml"), String.join("---\n", documents));
    return Manifests.load(folder);
  }

  @Test
  void readsTheBaseManifests() {
    Topology base = Manifests.load(Path.of("../manifests/base"));

    assertThat(base.brokers())
        .singleElement()
        .satisfies(
            broker -> {
              assertThat(broker.name()).isEqualTo("default");
              assertThat(broker.namespace()).isEqualTo("kinetic");
              assertThat(broker.delivery().retry()).isEqualTo(3);
            });
  }

  @Test
  void everyTriggerEndsInTheDeadLetterSinkRatherThanDroppingAnEvent() {
    Topology base = Manifests.load(Path.of("../manifests/base"));
    Destination sink = Destination.servicePath("audit", URI.create("/dead-letters"));

    assertThat(base.brokers().getFirst().deadLetterSink()).isEqualTo(sink);
    assertThat(base.triggers())
        .allSatisfy(
            trigger ->
                assertThat(trigger.delivery() == null ? sink : trigger.deadLetterSink())
                    .as(trigger.name())
                    .isEqualTo(sink));
  }

  @Test
  void routesEachEventTypeOfTheModelLifecycleToItsFunction() {
    Topology base = Manifests.load(Path.of("../manifests/base"));
    Map<EventType, List<String>> routes =
        Map.of(
            EventType.DATA_SUBMITTED, List.of("ingest"),
            EventType.DATASET_INGESTED, List.of("train"),
            EventType.TRAINING_REQUESTED, List.of("train"),
            EventType.MODEL_TRAINED, List.of("registry"),
            EventType.MODEL_PROMOTED, List.of("inference"),
            EventType.INFERENCE_REQUESTED, List.of("inference"),
            EventType.INFERENCE_LOGGED, List.of("audit", "drift"),
            EventType.FEEDBACK_RECEIVED, List.of("ingest", "drift"),
            EventType.DRIFT_DETECTED, List.of("train"),
            EventType.PERFORMANCE_DEGRADED, List.of("train"));

    routes.forEach(
        (type, functions) ->
            assertThat(
                    base.triggers().stream()
                        .filter(trigger -> trigger.filter().matches(CanonicalEvents.of(type)))
                        .map(trigger -> trigger.subscriber().service()))
                .as(type.type())
                .containsExactlyInAnyOrderElementsOf(functions));
    assertThat(base.services())
        .extracting(ServiceManifest::name)
        .containsExactlyInAnyOrder("ingest", "train", "registry", "inference", "audit", "drift");
    Map<String, String> pings = Map.of("drift-check", "drift", "retrain-fraud", "train");
    assertThat(base.pingSources())
        .extracting(PingSourceManifest::name)
        .containsExactlyInAnyOrderElementsOf(pings.keySet());
    for (PingSourceManifest check : base.pingSources()) {
      CloudEvent ping =
          CloudEventBuilder.v1(CanonicalEvents.of(EventType.PING))
              .withSource(URI.create(check.source()))
              .build();
      assertThat(
              base.triggers().stream()
                  .filter(trigger -> trigger.filter().matches(ping))
                  .map(trigger -> trigger.subscriber().service()))
          .as("PingSource " + check.name())
          .containsExactly(pings.get(check.name()));
    }
    TriggerManifest training =
        base.triggers().stream()
            .filter(trigger -> trigger.name().equals("train-on-dataset-ingested"))
            .findFirst()
            .orElseThrow();
    assertThat(training.delivery().timeout()).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(
            base.services().stream()
                .filter(s -> s.name().equals("ingest"))
                .findFirst()
                .orElseThrow()
                .secretEnv())
        .containsKey("KINETIC_INGEST_PII_KEY");
  }

  @Test
  void readsBrokersServicesAndTriggersWithTheirFilters() throws IOException {
    Topology topology =
        load(
            BROKER,
            SERVICE,
            """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: registry-on-trained
              annotations: {kafka.eventing.knative.dev/delivery.order: ordered}
            spec:
              broker: default
              filters:
                - exact: {type: dev.kinetic.model.trained.v1}
                - not: {exact: {model: scratch}}
              subscriber: {ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: registry}}
            """);

    ServiceManifest registry = topology.services().getFirst();
    assertThat(registry.idleAfter()).isEqualTo(Duration.ofSeconds(96));
    assertThat(registry.env()).containsEntry("LOG_LEVEL", "debug");
    assertThat(registry.readinessPath()).isEqualTo("/actuator/health");
    assertThat(topology.brokers().getFirst().delivery().backoffPolicy())
        .isEqualTo(DeliverySpec.BackoffPolicy.LINEAR);
    TriggerManifest trigger = topology.triggers().getFirst();
    assertThat(trigger.ordered()).isTrue();
    assertThat(trigger.subscriber()).isEqualTo(Destination.service("registry"));
    assertThat(trigger.filter().matches(CanonicalEvents.of(EventType.MODEL_TRAINED))).isTrue();
    assertThat(trigger.filter().matches(CanonicalEvents.of(EventType.MODEL_PROMOTED))).isFalse();
  }

  @Test
  void refusesReferencesToWhatIsNotDeclared() throws IOException {
    assertThatThrownBy(
            () ->
                load(
                    BROKER,
                    """
                    apiVersion: eventing.knative.dev/v1
                    kind: Trigger
                    metadata: {name: lost}
                    spec:
                      broker: elsewhere
                      filter: {attributes: {type: dev.kinetic.model.traned.v1}}
                      subscriber: {ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: nobody}}
                    """))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("Trigger lost: broker 'elsewhere' is not declared")
        .hasMessageContaining("Trigger lost: Service 'nobody' is not declared")
        .hasMessageContaining(
            "filter on type 'dev.kinetic.model.traned.v1', which is not in the event catalog");
  }

  @Test
  void refusesTwoDialectsInOneFilterItem() throws IOException {
    assertThatThrownBy(
            () ->
                load(
                    BROKER,
                    SERVICE,
                    """
                    apiVersion: eventing.knative.dev/v1
                    kind: Trigger
                    metadata: {name: greedy}
                    spec:
                      broker: default
                      filters:
                        - exact: {type: dev.kinetic.model.trained.v1}
                          prefix: {source: /kinetic}
                      subscriber: {ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: registry}}
                    """))
        .hasMessageContaining(
            "spec.filters[0] has [exact, prefix]; each item takes exactly one of");
  }

  @Test
  void refusesAMalformedDuration() throws IOException {
    assertThatThrownBy(() -> load(BROKER, SERVICE.replace("window: 6s", "window: six seconds")))
        .hasMessageContaining("'six seconds' is not a duration such as 60s or 1m30s");
  }
}
