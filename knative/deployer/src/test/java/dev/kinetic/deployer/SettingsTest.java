package dev.kinetic.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The infrastructure's values go where the overlays hold placeholders. */
class SettingsTest {

  static final String YAML =
      """
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata: {name: inference, namespace: kinetic}
      spec:
        template:
          spec:
            containers:
              - image: ghcr.io/kinetic/kinetic-inference:0.1.0
              - image: docker.io/library/busybox:1.36
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: kinetic-security, namespace: kinetic}
      data:
        SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI: "https://issuer.example.com/realms/kinetic"
        KINETIC_SECURITY_DELIVERYISSUER: "https://kubernetes.default.svc.cluster.local"
        KINETIC_SECURITY_DELIVERIES: "oidc"
      ---
      apiVersion: sources.knative.dev/v1
      kind: KafkaSource
      metadata: {name: kinetic-external, namespace: kinetic}
      spec:
        bootstrapServers: [kafka-kafka-bootstrap.kafka:9092]
        topics: [kinetic-data-submitted]
        sink: {ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}}
      ---
      apiVersion: sources.knative.dev/v1beta1
      kind: KafkaSource
      metadata: {name: kinetic-external-beta, namespace: kinetic}
      spec:
        bootstrapServers: [kafka-kafka-bootstrap.kafka:9092]
        topics: [kinetic-inference-requested]
        sink: {ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}}
      """;

  @Test
  void renamesOurImagesSetsTheIssuersAndTheBootstrap() {
    List<HasMetadata> objects = Manifests.parse(YAML);
    Settings settings =
        new Settings(
            Optional.of("123456789012.dkr.ecr.eu-west-1.amazonaws.com/kinetic-prod"),
            Optional.of("0.2.0"),
            Optional.of("https://login.example.org/realms/ml"),
            Optional.of("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
            Optional.of("b-1.msk:9098,b-2.msk:9098"));

    List<String> changes = settings.applyTo(objects);

    Service service = (Service) objects.get(0);
    assertThat(service.getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getImage())
        .containsExactly(
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/kinetic-prod/kinetic-inference:0.2.0",
            "docker.io/library/busybox:1.36");
    assertThat(((ConfigMap) objects.get(1)).getData())
        .containsEntry(
            "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI",
            "https://login.example.org/realms/ml")
        .containsEntry(
            "KINETIC_SECURITY_DELIVERYISSUER", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC")
        .containsEntry("KINETIC_SECURITY_DELIVERIES", "oidc");
    assertThat(((KafkaSource) objects.get(2)).getSpec().getBootstrapServers())
        .containsExactly("b-1.msk:9098", "b-2.msk:9098");
    assertThat(
            ((io.fabric8.knative.sources.v1beta1.KafkaSource) objects.get(3))
                .getSpec()
                .getBootstrapServers())
        .containsExactly("b-1.msk:9098", "b-2.msk:9098");
    assertThat(changes).hasSize(4);
  }

  @Test
  void withNothingSetNothingChanges() {
    List<HasMetadata> objects = Manifests.parse(YAML);

    assertThat(Settings.none().applyTo(objects)).isEmpty();
    assertThat(Settings.none().image("ghcr.io/kinetic/kinetic-train"))
        .isEqualTo("ghcr.io/kinetic/kinetic-train:latest");
  }
}
