package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Istio mesh as the platform stack installs it, held to what the prod overlay's mesh component
 * expects of it: the environments that turn it on are those whose overlay carries the component,
 * and the identities the AuthorizationPolicies let in are the ones the cluster's pods have.
 */
@SuppressWarnings("unchecked")
class MeshPolicyTest {

  final Map<String, Object> mesh = Modules.parse(Modules.module("mesh"));

  static boolean meshOn(String env) {
    return (Boolean)
        Modules.at(
                Modules.parse(Modules.ROOT.resolve("envs/" + env + "/platform")),
                "module",
                "platform")
            .get("mesh");
  }

  static boolean overlayHasMesh(String env) {
    JsonNode kustomization = Overlays.documents(env + "/kustomization.yaml").getFirst();
    Set<String> components = new java.util.HashSet<>();
    kustomization.path("components").forEach(c -> components.add(c.asString()));
    return components.contains("../mesh");
  }

  @Test
  void theEnvironmentsWithTheMeshAreThoseWhoseOverlayHasIt() {
    assertThat(meshOn("prod")).isTrue();
    assertThat(meshOn("dev")).isFalse();
    for (String env : List.of("dev", "prod")) {
      assertThat(overlayHasMesh(env)).as(env).isEqualTo(meshOn(env));
    }
  }

  @Test
  void withTheMeshKnativeUsesIstioAndItsPodsGetSidecars() {
    String platform = Modules.text(Modules.module("platform").resolve("main.tf"));
    assertThat(platform)
        .containsPattern("ingress\\s*=\\s*var\\.mesh \\? \"istio\" : \"kourier\"")
        .containsPattern("sidecar_injection\\s*=\\s*var\\.mesh")
        .containsPattern("count\\s*=\\s*var\\.mesh \\? 1 : 0");
    String knative = Modules.text(Modules.module("knative").resolve("main.tf"));
    assertThat(knative)
        .as("the activator and the Kafka data plane deliver to pods that accept only mTLS")
        .contains("var.sidecar_injection ? { \"istio-injection\" = \"enabled\" } : {}");
  }

  @Test
  void thePoliciesLetInTheIdentitiesTheClusterGives() {
    Map<String, Object> releases = Modules.at(mesh, "resource", "helm_release");
    String namespace = (String) Modules.at(releases, "base").get("namespace");
    String gateway = (String) Modules.at(releases, "gateway").get("name");
    assertThat(Modules.text(Modules.module("mesh").resolve("main.tf")))
        .as("net-istio's Gateways select istio=ingressgateway")
        .contains("labels = { istio = \"ingressgateway\" }");
    List<String> dataPlane =
        (List<String>)
            Modules.at(
                    Modules.parse(Modules.module("kafka")),
                    "variable",
                    "data_plane_service_accounts")
                .get("default");

    Set<String> principals =
        Modules.captured(
            Pattern.compile("(cluster\\.local/ns/[a-z-]+/sa/[a-z-]+)"),
            Modules.text(Overlays.ROOT.resolve("mesh/authorization-policies.yaml")));
    Set<String> known =
        dataPlane.stream()
            .map(account -> "cluster.local/ns/knative-eventing/sa/" + account)
            .collect(Collectors.toSet());
    known.add("cluster.local/ns/" + namespace + "/sa/" + gateway);
    assertThat(principals)
        .contains("cluster.local/ns/" + namespace + "/sa/" + gateway)
        .allSatisfy(p -> assertThat(known).as("a ServiceAccount the cluster has").contains(p));
  }
}
