package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The telemetry stack, and the functions' way to it. */
class ObservabilityPolicyTest {

  final Map<String, Object> observability = Modules.parse(Modules.module("observability"));
  final String main = Modules.text(Modules.module("observability").resolve("main.tf"));

  @Test
  void theFunctionsSendToTheCollectorThisModuleInstalls() {
    JsonNode telemetry =
        Overlays.find("cluster/telemetry.yaml", "ConfigMap", "kinetic", "kinetic-telemetry");
    String collector = (String) Modules.at(observability, "locals").get("collector");
    Object namespace = Modules.at(observability, "variable", "namespace").get("default");
    assertThat(telemetry.path("data").path("OTEL_EXPORTER_OTLP_ENDPOINT").asString())
        .isEqualTo("http://" + collector + "." + namespace + ".svc.cluster.local:4318");
    assertThat(telemetry.path("data").path("OTEL_EXPORTER_OTLP_PROTOCOL").asString())
        .isEqualTo("http/protobuf");
    assertThat(Modules.text(Overlays.ROOT.resolve("cluster/kustomization.yaml")))
        .as("every function reads it")
        .contains("{configMapRef: {name: kinetic-telemetry}}");
    assertThat(Modules.at(observability, "resource", "helm_release", "collector"))
        .containsEntry("name", collector);
    assertThat(main).contains("fullnameOverride = local.collector");
  }

  @Test
  void metricsReachPrometheusAndTracesReachTempo() {
    assertThat(main)
        .contains("enableOTLPReceiver = true")
        .contains("metrics_endpoint = \"${local.prometheus}/api/v1/otlp/v1/metrics\"")
        .contains("exporters  = [\"otlphttp/prometheus\"]")
        .contains("endpoint = \"${local.tempo}:4317\"")
        .contains("exporters  = [\"otlp/tempo\"]");
    assertThat(Modules.at(observability, "resource", "helm_release"))
        .containsKeys("prometheus_stack", "tempo", "collector");
  }

  @Test
  void grafanaLoadsEveryDashboardFile() {
    assertThat(main)
        .contains("for_each = fileset(\"${path.module}/dashboards\", \"*.json\")")
        .contains("labels      = { grafana_dashboard = \"1\" }")
        .contains("label            = \"grafana_dashboard\"");
  }
}
