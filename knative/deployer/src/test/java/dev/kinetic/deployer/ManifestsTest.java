package dev.kinetic.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rendered object is one the Knative, Kubernetes and Istio models know, field by field. */
class ManifestsTest {

  static final Path OVERLAYS = Kubectl.OVERLAYS;

  @BeforeAll
  static void needsKubectl() {
    Kubectl.assumeOnPath();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyRenderedObjectMatchesItsModel(String overlay) {
    List<HasMetadata> objects = Manifests.parse(Manifests.render(OVERLAYS.resolve(overlay)));

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains(
            "Namespace",
            "Service",
            "Broker",
            "Trigger",
            "PingSource",
            "SinkBinding",
            "KafkaSource");
    assertThat(objects)
        .filteredOn(o -> o instanceof io.fabric8.knative.serving.v1.Service)
        .as("named containers: server-side apply keys containers by name (knative/serving#14836)")
        .allSatisfy(
            service ->
                assertThat(
                        ((io.fabric8.knative.serving.v1.Service) service)
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers())
                    .allSatisfy(c -> assertThat(c.getName()).isNotBlank()));
    assertThat(objects)
        .as("typed by the models, not read as generic resources")
        .allSatisfy(o -> assertThat(o.getClass().getName()).startsWith("io.fabric8."))
        .noneMatch(o -> o instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource);
  }

  @Test
  void aMisspeltFieldIsNamedWithItsObjectAndPath() {
    String rendered =
        Manifests.render(OVERLAYS.resolve("prod"))
            .replaceFirst("enableServiceLinks: false", "enableServiceLink: false");

    assertThatThrownBy(() -> Manifests.parse(rendered))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown field .spec.template.spec.enableServiceLink")
        .hasMessageContaining("Service kinetic/");
  }

  @Test
  void theProdMeshIsReadByIstiosModels() {
    List<HasMetadata> objects = Manifests.parse(Manifests.render(OVERLAYS.resolve("prod")));

    assertThat(objects)
        .filteredOn(o -> o instanceof io.fabric8.istio.api.security.v1.PeerAuthentication)
        .singleElement()
        .satisfies(
            p ->
                assertThat(
                        ((io.fabric8.istio.api.security.v1.PeerAuthentication) p)
                            .getSpec()
                            .getMtls()
                            .getMode())
                    .hasToString("STRICT"));
    assertThat(objects)
        .filteredOn(o -> o instanceof io.fabric8.istio.api.security.v1.AuthorizationPolicy)
        .hasSize(7);
    String misspelt =
        Manifests.render(OVERLAYS.resolve("prod")).replaceFirst("principals:", "principal:");
    assertThatThrownBy(() -> Manifests.parse(misspelt))
        .hasMessageContaining("AuthorizationPolicy kinetic/")
        .hasMessageContaining("unknown field .spec.rules[1].from[0].source.principal");
  }

  @Test
  void aKindWithoutAModelIsRefused() {
    String yaml =
        """
        apiVersion: example.com/v1
        kind: Gadget
        metadata: {name: g, namespace: kinetic}
        spec: {size: 3}
        """;

    assertThatThrownBy(() -> Manifests.parse(yaml))
        .hasMessageContaining("Gadget kinetic/g: no model for example.com/v1 Gadget");
  }

  @Test
  void anOverlayThatDoesNotRenderSaysWhy() {
    assertThatThrownBy(() -> Manifests.render(OVERLAYS.resolve("nowhere")))
        .hasMessageContaining("is not a kustomize overlay");
  }
}
