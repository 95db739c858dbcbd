package dev.kinetic.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Apply and wait against fabric8's API server in CRUD mode; no Knative controller runs there, so
 * the test sets the status a controller would.
 */
class DeployerTest {

  static final String YAML =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: kinetic}
      ---
      apiVersion: eventing.knative.dev/v1
      kind: Trigger
      metadata: {name: inference-on-inference-requested, namespace: kinetic}
      spec:
        broker: default
        filters:
          - exact: {type: dev.kinetic.inference.requested.v1}
        subscriber:
          ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: inference}
      ---
      apiVersion: eventing.knative.dev/v1
      kind: Broker
      metadata:
        name: default
        namespace: kinetic
        annotations: {eventing.knative.dev/broker.class: Kafka}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: kinetic-security, namespace: kinetic}
      data: {KINETIC_SECURITY_DELIVERIES: oidc}
      ---
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata: {name: inference, namespace: kinetic}
      spec:
        template:
          spec:
            containers:
              - image: ghcr.io/kinetic/kinetic-inference:0.1.0
      """;

  ApiServer server = new ApiServer();
  KubernetesClient client = server.client();
  KnativeClient knative;
  StringWriter log = new StringWriter();
  Deployer deployer;

  @AfterEach
  void stop() {
    server.close();
  }

  @BeforeEach
  void setUp() {
    knative = client.adapt(KnativeClient.class);
    deployer =
        new Deployer(client, new PrintWriter(log, true), Clock.systemUTC(), Duration.ofMillis(50));
  }

  @Test
  void appliesWhatOthersNameFirst() {
    List<HasMetadata> objects = Manifests.parse(YAML);

    deployer.apply(objects);

    assertThat(log.toString().lines())
        .containsExactly(
            "applied Namespace kinetic",
            "applied ConfigMap kinetic/kinetic-security",
            "applied Service kinetic/inference",
            "applied Broker kinetic/default",
            "applied Trigger kinetic/inference-on-inference-requested");
    assertThat(
            knative
                .triggers()
                .inNamespace("kinetic")
                .withName("inference-on-inference-requested")
                .get()
                .getSpec()
                .getSubscriber()
                .getRef()
                .getName())
        .isEqualTo("inference");
    assertThat(
            client.configMaps().inNamespace("kinetic").withName("kinetic-security").get().getData())
        .containsEntry("KINETIC_SECURITY_DELIVERIES", "oidc");
  }

  @Test
  void appliesTheWholeProdOverlayWithItsMesh() {
    Kubectl.assumeOnPath();
    List<HasMetadata> objects = Manifests.parse(Manifests.render(Kubectl.OVERLAYS.resolve("prod")));

    deployer.apply(objects);

    List<String> applied = log.toString().lines().toList();
    assertThat(applied).hasSize(objects.size());
    assertThat(applied.indexOf("applied PeerAuthentication kinetic/default"))
        .as("mTLS is required before the first function pod starts")
        .isLessThan(applied.indexOf("applied Service kinetic/inference"));
    assertThat(
            client
                .resources(io.fabric8.istio.api.security.v1.AuthorizationPolicy.class)
                .inNamespace("kinetic")
                .withName("train")
                .get()
                .getSpec()
                .getSelector()
                .getMatchLabels())
        .containsEntry("serving.knative.dev/service", "train");
  }

  @Test
  void applyingAgainChangesWhatChanged() {
    deployer.apply(Manifests.parse(YAML));

    deployer.apply(
        Manifests.parse(YAML.replace("kinetic-inference:0.1.0", "kinetic-inference:0.2.0")));

    assertThat(
            knative
                .services()
                .inNamespace("kinetic")
                .withName("inference")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getImage())
        .isEqualTo("ghcr.io/kinetic/kinetic-inference:0.2.0");
  }

  @Test
  void waitsUntilEveryKnativeObjectIsReadyAndReturnsTheUrls() throws Exception {
    List<HasMetadata> objects = Manifests.parse(YAML);
    deployer.apply(objects);
    Thread controller =
        Thread.ofVirtual()
            .start(
                () -> {
                  sleep(200);
                  ready(
                      knative.services().inNamespace("kinetic").withName("inference").get(),
                      "http://inference.kinetic.example.com");
                  ready(knative.brokers().inNamespace("kinetic").withName("default").get(), null);
                  ready(
                      knative
                          .triggers()
                          .inNamespace("kinetic")
                          .withName("inference-on-inference-requested")
                          .get(),
                      null);
                });

    Map<String, String> urls = deployer.awaitReady(objects, Duration.ofSeconds(20));
    controller.join();

    assertThat(urls)
        .containsExactly(Map.entry("inference", "http://inference.kinetic.example.com"));
    assertThat(log.toString())
        .contains("Service kinetic/inference: no status yet")
        .contains("Service kinetic/inference: Ready at http://inference.kinetic.example.com")
        .contains("Broker kinetic/default: Ready")
        .contains("Trigger kinetic/inference-on-inference-requested: Ready");
  }

  @Test
  void aTimeoutNamesWhatIsNotReadyAndWhy() {
    List<HasMetadata> objects = Manifests.parse(YAML);
    deployer.apply(objects);
    Service inference = knative.services().inNamespace("kinetic").withName("inference").get();
    inference.setStatus(
        new io.fabric8.knative.serving.v1.ServiceStatusBuilder()
            .withObservedGeneration(inference.getMetadata().getGeneration())
            .withConditions(
                new ConditionBuilder()
                    .withType("Ready")
                    .withStatus("False")
                    .withReason("RevisionMissing")
                    .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
                    .build())
            .build());
    knative.services().inNamespace("kinetic").resource(inference).update();

    assertThatThrownBy(() -> deployer.awaitReady(objects, Duration.ofMillis(300)))
        .hasMessageContaining("not Ready after PT0.3S")
        .hasMessageContaining(
            "Service kinetic/inference (not Ready: RevisionMissing (0/3 nodes are available: 3 Insufficient nvidia.com/gpu.))")
        .hasMessageContaining("Broker kinetic/default (no status yet)");
  }

  /** What a Knative controller would write: Ready at the latest generation. */
  void ready(HasMetadata live, String url) {
    Condition ready = new ConditionBuilder().withType("Ready").withStatus("True").build();
    Long generation = live.getMetadata().getGeneration();
    if (live instanceof Service service) {
      service.setStatus(
          new io.fabric8.knative.serving.v1.ServiceStatusBuilder()
              .withObservedGeneration(generation)
              .withUrl(url)
              .withConditions(ready)
              .build());
    } else if (live instanceof Broker broker) {
      broker.setStatus(
          new io.fabric8.knative.eventing.v1.BrokerStatusBuilder()
              .withObservedGeneration(generation)
              .withConditions(ready)
              .build());
    } else if (live instanceof Trigger trigger) {
      trigger.setStatus(
          new io.fabric8.knative.eventing.v1.TriggerStatusBuilder()
              .withObservedGeneration(generation)
              .withConditions(ready)
              .build());
    }
    client.resource(live).update();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
