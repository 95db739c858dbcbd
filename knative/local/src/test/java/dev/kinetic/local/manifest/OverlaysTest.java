package dev.kinetic.local.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.deployer.Kubectl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The cluster overlays as kustomize renders them ({@code kubectl kustomize}, offline): what every
 * Service, the Broker and the GPU Service must carry to run on Knative with the Kafka broker.
 */
class OverlaysTest {

  static final Path OVERLAYS = Kubectl.OVERLAYS;
  static final YAMLMapper YAML = YAMLMapper.builder().build();

  static List<JsonNode> render(String overlay) {
    Kubectl.assumeOnPath();
    // The deployer renders overlays for kinetic deploy; this package has a Manifests of its own.
    String output = dev.kinetic.deployer.Manifests.render(OVERLAYS.resolve(overlay));
    List<JsonNode> documents = new ArrayList<>();
    YAML.readValues(YAML.createParser(output), JsonNode.class).forEachRemaining(documents::add);
    return documents;
  }

  static List<JsonNode> services(List<JsonNode> documents) {
    return documents.stream()
        .filter(d -> d.path("apiVersion").asString().startsWith("serving.knative.dev/"))
        .filter(d -> d.path("kind").asString().equals("Service"))
        .toList();
  }

  static JsonNode service(List<JsonNode> documents, String name) {
    return services(documents).stream()
        .filter(s -> s.path("metadata").path("name").asString().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static String annotation(JsonNode service, String name) {
    return service
        .path("spec")
        .path("template")
        .path("metadata")
        .path("annotations")
        .path(name)
        .asString(null);
  }

  void everyServiceIsReadyForACluster(List<JsonNode> documents) {
    Set<String> accounts =
        documents.stream()
            .filter(d -> d.path("kind").asString().equals("ServiceAccount"))
            .map(d -> d.path("metadata").path("name").asString())
            .collect(Collectors.toSet());
    assertThat(services(documents)).hasSizeGreaterThanOrEqualTo(6);
    for (JsonNode service : services(documents)) {
      JsonNode pod = service.path("spec").path("template").path("spec");
      JsonNode container = pod.path("containers").path(0);
      String name = service.path("metadata").path("name").asString();
      assertThat(pod.path("enableServiceLinks").asBoolean(true)).as(name).isFalse();
      assertThat(accounts).as(name).contains(pod.path("serviceAccountName").asString());
      assertThat(container.path("readinessProbe").path("httpGet").path("path").asString())
          .as(name)
          .isEqualTo("/healthz");
      assertThat(container.path("livenessProbe").path("httpGet").path("path").asString())
          .as(name)
          .isEqualTo("/healthz");
      assertThat(container.path("resources").path("requests").path("memory").isMissingNode())
          .as(name)
          .isFalse();
      assertThat(container.path("image").asString()).as(name).doesNotEndWith(":latest");
      assertThat(container.path("envFrom").path(0).path("configMapRef").path("name").asString())
          .as(name)
          .isEqualTo("kinetic-security");
    }
    everyDeliveryIsAuthenticatedByEventingOidc(documents);
    JsonNode broker =
        documents.stream()
            .filter(d -> d.path("kind").asString().equals("Broker"))
            .findFirst()
            .orElseThrow();
    assertThat(
            broker
                .path("metadata")
                .path("annotations")
                .path("eventing.knative.dev/broker.class")
                .asString())
        .isEqualTo("Kafka");
    JsonNode config = broker.path("spec").path("config");
    assertThat(config.path("namespace").asString() + "/" + config.path("name").asString())
        .as("the platform's Kafka broker config, which Terraform's knative module sets")
        .isEqualTo("knative-eventing/kafka-broker-config");
    assertThat(documents)
        .as("the overlays leave the platform's Kafka broker config to the platform")
        .noneMatch(
            d ->
                d.path("kind").asString().equals("ConfigMap")
                    && d.path("metadata")
                        .path("name")
                        .asString()
                        .equals(config.path("name").asString()));
    assertThat(documents)
        .filteredOn(d -> d.path("kind").asString().equals("KafkaSource"))
        .singleElement()
        .satisfies(
            source ->
                assertThat(source.path("spec").path("sink").path("ref").path("kind").asString())
                    .isEqualTo("Broker"));
    assertThat(documents).anyMatch(d -> d.path("kind").asString().equals("NetworkPolicy"));
    assertThat(documents)
        .filteredOn(
            d -> d.path("metadata").path("name").asString().equals("registry-on-model-trained"))
        .singleElement()
        .satisfies(
            trigger ->
                assertThat(
                        trigger
                            .path("metadata")
                            .path("annotations")
                            .path("kafka.eventing.knative.dev/delivery.order")
                            .asString())
                    .isEqualTo("ordered"));
    assertThat(documents)
        .filteredOn(d -> d.path("kind").asString().equals("SinkBinding"))
        .singleElement()
        .satisfies(
            binding ->
                assertThat(binding.path("spec").path("sink").path("ref").path("kind").asString())
                    .isEqualTo("Broker"));
  }

  /**
   * Each Trigger asks for a token for the audience its function checks ({@code
   * kinetic-<function>}), dead letters for audit's, and the functions are told to check them.
   */
  static void everyDeliveryIsAuthenticatedByEventingOidc(List<JsonNode> documents) {
    for (JsonNode trigger : kind(documents, "Trigger")) {
      String name = trigger.path("metadata").path("name").asString();
      JsonNode subscriber = trigger.path("spec").path("subscriber");
      assertThat(subscriber.path("audience").asString())
          .as(name)
          .isEqualTo("kinetic-" + subscriber.path("ref").path("name").asString());
    }
    for (JsonNode delivering : documents) {
      JsonNode sink = delivering.path("spec").path("delivery").path("deadLetterSink");
      if (!sink.isMissingNode()) {
        assertThat(sink.path("audience").asString())
            .as(delivering.path("metadata").path("name").asString())
            .isEqualTo("kinetic-" + sink.path("ref").path("name").asString());
      }
    }
    assertThat(kind(documents, "ConfigMap"))
        .filteredOn(map -> map.path("metadata").path("name").asString().equals("kinetic-security"))
        .singleElement()
        .satisfies(
            map -> {
              assertThat(map.path("data").path("KINETIC_SECURITY_DELIVERIES").asString())
                  .isEqualTo("oidc");
              assertThat(map.path("data").path("KINETIC_SECURITY_DELIVERYISSUER").asString())
                  .startsWith("https://");
            });
    assertThat(kind(documents, "ConfigMap"))
        .filteredOn(
            map ->
                map.path("metadata").path("namespace").asString().equals("knative-eventing")
                    && map.path("metadata").path("name").asString().equals("config-features"))
        .singleElement()
        .satisfies(
            map ->
                assertThat(map.path("data").path("authentication-oidc").asString())
                    .isEqualTo("enabled"));
  }

  static List<JsonNode> kind(List<JsonNode> documents, String kind) {
    return documents.stream().filter(d -> d.path("kind").asString().equals(kind)).toList();
  }

  @Test
  void devScalesEverythingToZero() throws Exception {
    List<JsonNode> dev = render("dev");

    everyServiceIsReadyForACluster(dev);
    assertThat(services(dev))
        .allSatisfy(
            s -> assertThat(annotation(s, "autoscaling.knative.dev/min-scale")).isEqualTo("0"));
  }

  @Test
  void prodKeepsInferenceWarmAndRunsAGpuInferenceServiceKnativeAccepts() throws Exception {
    List<JsonNode> prod = render("prod");

    everyServiceIsReadyForACluster(prod);
    JsonNode inference = service(prod, "inference");
    assertThat(annotation(inference, "autoscaling.knative.dev/min-scale")).isEqualTo("1");
    assertThat(annotation(inference, "autoscaling.knative.dev/target")).isNotNull();
    assertThat(annotation(inference, "autoscaling.knative.dev/max-scale")).isNotNull();
    assertThat(
            annotation(
                service(prod, "train"),
                "autoscaling.knative.dev/scale-to-zero-pod-retention-period"))
        .isNotNull();

    JsonNode gpu = service(prod, "inference-gpu");
    JsonNode pod = gpu.path("spec").path("template").path("spec");
    JsonNode resources = pod.path("containers").path(0).path("resources");
    assertThat(resources.path("limits").path("nvidia.com/gpu").asString()).isEqualTo("1");
    assertThat(resources.path("requests").path("nvidia.com/gpu").asString())
        .as("GPU requests must equal limits")
        .isEqualTo("1");
    assertThat(pod.path("nodeSelector").isMissingNode()).isFalse();
    assertThat(pod.path("tolerations").path(0).path("key").asString()).isEqualTo("nvidia.com/gpu");
    assertThat(pod.path("affinity").isMissingNode()).isFalse();
    assertThat(annotation(gpu, "serving.knative.dev/progress-deadline")).isNotNull();
    JsonNode features =
        prod.stream()
            .filter(d -> d.path("metadata").path("name").asString().equals("config-features"))
            .filter(d -> d.path("metadata").path("namespace").asString().equals("knative-serving"))
            .findFirst()
            .orElseThrow();
    for (String field : List.of("nodeselector", "tolerations", "affinity")) {
      assertThat(features.path("data").path("kubernetes.podspec-" + field).asString())
          .as("without it Knative rejects the GPU Service's " + field)
          .isEqualTo("enabled");
    }
  }

  @Test
  void prodAcceptsOnlyMutualTlsAndEachFunctionOnlyItsCallers() throws Exception {
    List<JsonNode> prod = render("prod");

    JsonNode namespace = kind(prod, "Namespace").getFirst();
    assertThat(namespace.path("metadata").path("labels").path("istio-injection").asString())
        .isEqualTo("enabled");
    assertThat(kind(prod, "PeerAuthentication"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path("metadata").path("namespace").asString()).isEqualTo("kinetic");
              assertThat(p.path("spec").path("selector").isMissingNode())
                  .as("the whole namespace")
                  .isTrue();
              assertThat(p.path("spec").path("mtls").path("mode").asString()).isEqualTo("STRICT");
            });

    List<JsonNode> policies = kind(prod, "AuthorizationPolicy");
    for (JsonNode service : services(prod)) {
      String name = service.path("metadata").path("name").asString();
      JsonNode policy =
          policies.stream()
              .filter(
                  p ->
                      p.path("spec")
                          .path("selector")
                          .path("matchLabels")
                          .path("serving.knative.dev/service")
                          .asString()
                          .equals(name))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no AuthorizationPolicy selects " + name));
      assertThat(policy.path("spec").path("action").asString()).isEqualTo("ALLOW");
      assertThat(annotation(service, "proxy.istio.io/config"))
          .contains("holdApplicationUntilProxyStarts");
      List<JsonNode> rules = new ArrayList<>();
      policy.path("spec").path("rules").forEach(rules::add);
      assertThat(rules)
          .as(name + ": the activator and the autoscaler's probes")
          .anySatisfy(
              r ->
                  assertThat(r.toString())
                      .contains("\"namespaces\":[\"knative-serving\"]")
                      .doesNotContain("\"to\""));
      // Every path the broker delivers to on this Service, as the Triggers and dead-letter
      // sinks name it, must be open to the broker's dispatcher.
      Set<String> delivered =
          prod.stream()
              .filter(d -> d.path("apiVersion").asString().startsWith("eventing.knative.dev/"))
              .flatMap(d -> deliveryTargets(d).stream())
              .filter(ref -> ref.path("ref").path("name").asString().equals(name))
              .map(ref -> ref.path("uri").asString("/"))
              .collect(Collectors.toSet());
      JsonNode dispatcherRule =
          rules.stream()
              .filter(r -> r.toString().contains(DISPATCHER))
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + " takes no deliveries"));
      Set<String> open = new java.util.HashSet<>();
      dispatcherRule
          .path("to")
          .forEach(t -> t.path("operation").path("paths").forEach(p -> open.add(p.asString())));
      assertThat(open).as(name + ": paths open to the dispatcher").containsAll(delivered);
    }
    assertThat(policies).hasSameSizeAs(services(prod));
  }

  static final String DISPATCHER =
      "cluster.local/ns/knative-eventing/sa/knative-kafka-broker-data-plane";

  /** A Trigger's subscriber and the dead-letter sinks of a Trigger's or the Broker's delivery. */
  static List<JsonNode> deliveryTargets(JsonNode eventing) {
    List<JsonNode> targets = new ArrayList<>();
    JsonNode spec = eventing.path("spec");
    if (!spec.path("subscriber").isMissingNode()) {
      targets.add(spec.path("subscriber"));
    }
    if (!spec.path("delivery").path("deadLetterSink").isMissingNode()) {
      targets.add(spec.path("delivery").path("deadLetterSink"));
    }
    return targets;
  }

  @Test
  void devHasNoMesh() throws Exception {
    List<JsonNode> dev = render("dev");

    assertThat(kind(dev, "PeerAuthentication")).isEmpty();
    assertThat(kind(dev, "AuthorizationPolicy")).isEmpty();
    assertThat(kind(dev, "Namespace").getFirst().path("metadata").path("labels").isMissingNode())
        .isTrue();
  }
}
