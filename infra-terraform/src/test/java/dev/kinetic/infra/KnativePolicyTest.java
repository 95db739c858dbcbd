package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Knative as the platform stack installs it, held to what the cluster overlays and the functions
 * expect of it.
 */
@SuppressWarnings("unchecked")
class KnativePolicyTest {

  final Map<String, Object> config = Modules.parse(Modules.module("knative-config"));
  final Map<String, Object> knative = Modules.parse(Modules.module("knative"));

  Map<String, Object> eventingConfig() {
    return Modules.at(config, "locals", "knative_eventing", "spec", "config");
  }

  @Test
  void gpuServicesMayChooseTheirNodesAsTheProdOverlayAsks() {
    Map<String, Object> flags = Modules.at(config, "locals", "gpu_scheduling_features");
    assertThat(flags)
        .containsOnly(
            Map.entry("kubernetes.podspec-nodeselector", "enabled"),
            Map.entry("kubernetes.podspec-tolerations", "enabled"),
            Map.entry("kubernetes.podspec-affinity", "enabled"));
    assertThat(Modules.at(config, "locals", "knative_serving", "spec", "config", "features"))
        .isEqualTo(flags);
    JsonNode overlay =
        Overlays.find(
            "prod/config-features.yaml", "ConfigMap", "knative-serving", "config-features");
    assertThat(strings(overlay.path("data"))).as("the prod overlay's flags").isEqualTo(flags);
  }

  @Test
  void deliveriesAreAuthenticatedWithOidcAsTheFunctionsExpect() {
    assertThat(Modules.at(eventingConfig(), "config-features"))
        .containsEntry("authentication-oidc", "enabled");
    JsonNode overlay =
        Overlays.find("cluster/security.yaml", "ConfigMap", "knative-eventing", "config-features");
    assertThat(strings(overlay.path("data"))).containsEntry("authentication-oidc", "enabled");
  }

  @Test
  void theBrokerNamesTheKafkaConfigThePlatformSetsThroughTheOperator() {
    JsonNode broker = Overlays.find("cluster/broker-kafka.yaml", "Broker", "kinetic", "default");
    JsonNode named = broker.path("spec").path("config");
    assertThat(named.path("namespace").asString() + "/" + named.path("name").asString())
        .isEqualTo("knative-eventing/kafka-broker-config");
    assertThat(eventingConfig())
        .as("set through KnativeEventing, or the operator restores the release's placeholder")
        .containsKey(named.path("name").asString());
    assertThat(Modules.at(config, "locals", "kafka_broker_config"))
        .containsKeys(
            "bootstrap.servers", "default.topic.partitions", "default.topic.replication.factor")
        .containsEntry(
            "auth.secret.ref.name", Modules.at(config, "locals").get("kafka_auth_secret"));
    assertThat(Modules.at(config, "locals", "knative_eventing", "spec"))
        .containsKey("additionalManifests");
    assertThat(Modules.at(eventingConfig(), "config-br-defaults")).containsKey("default-br-config");
    assertThat(Modules.text(Modules.module("knative-config").resolve("main.tf")))
        .as("a Broker without a class is a Kafka Broker")
        .contains("brokerClass = \"Kafka\"");
  }

  @Test
  void theKafkaDataPlaneUsesMskIamWithTheKafkaModulesRole() {
    Map<String, Object> dataPlane = Modules.at(eventingConfig(), "config-kafka-broker-data-plane");
    assertThat(dataPlane)
        .containsOnlyKeys(
            "config-kafka-broker-producer.properties", "config-kafka-broker-consumer.properties");
    assertThat((String) Modules.at(config, "locals").get("msk_iam"))
        .contains("security.protocol=SASL_SSL", "sasl.mechanism=OAUTHBEARER")
        .contains("software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler");
    String main = Modules.text(Modules.module("knative-config").resolve("main.tf"));
    for (String properties : List.of("producer_properties", "consumer_properties")) {
      String heredoc = main.substring(main.indexOf(properties + " = <<-EOT"));
      heredoc = heredoc.substring(0, heredoc.indexOf("\n  EOT"));
      assertThat(heredoc).as(properties).contains("${local.msk_iam}").doesNotContain("PLAINTEXT");
    }
    assertThat(Modules.at(config, "locals", "kafka_auth"))
        .containsEntry("tokenProvider", "MSKAccessTokenProvider");
    assertThat(
            (List<String>)
                Modules.at(
                        Modules.parse(Modules.module("kafka")),
                        "variable",
                        "data_plane_service_accounts")
                    .get("default"))
        .as(
            "the Kafka release's data plane and controller ServiceAccounts assume the data-plane role")
        .containsExactlyInAnyOrder("knative-kafka-broker-data-plane", "kafka-controller");
  }

  @Test
  void theApplyWaitsForServingAndEventingToBeReady() {
    Map<String, Object> manifest = Modules.at(knative, "resource", "kubectl_manifest", "knative");
    assertThat(Modules.at(manifest, "for_each")).containsOnlyKeys("serving", "eventing");
    assertThat(manifest).containsEntry("server_side_apply", true);
    assertThat(Modules.at(manifest, "wait_for", "condition"))
        .containsEntry("type", "Ready")
        .containsEntry("status", "True");
  }

  @Test
  void eachEnvironmentReplicatesTopicsNoMoreThanItHasBrokers() {
    for (String env : List.of("dev", "prod")) {
      double brokers =
          (Double)
              Modules.at(
                      Modules.parse(Modules.ROOT.resolve("envs/" + env + "/infra")),
                      "module",
                      "environment")
                  .get("kafka_broker_count");
      double replication =
          (Double)
              Modules.at(
                      Modules.parse(Modules.ROOT.resolve("envs/" + env + "/platform")),
                      "module",
                      "platform")
                  .get("topic_replication");
      assertThat(replication).as(env).isBetween(1.0, brokers);
    }
  }

  private static Map<String, Object> strings(JsonNode object) {
    Map<String, Object> values = new LinkedHashMap<>();
    object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
    return values;
  }
}
