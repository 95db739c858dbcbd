package dev.kinetic.deployer;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.KafkaSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cluster gives a deployment that the overlays hold placeholders for: where the images are,
 * which tag, the identity provider, the cluster's service-account issuer, the Kafka bootstrap. The
 * infrastructure's outputs (infra-terraform) are these values.
 *
 * @param registry where the images are, replacing {@code ghcr.io/kinetic}; empty keeps it
 * @param tag the images' tag; empty keeps the overlay's
 * @param issuer the identity provider that issues callers' tokens
 * @param deliveryIssuer the cluster's service-account token issuer (Eventing OIDC deliveries)
 * @param kafkaBootstrap the Kafka bootstrap servers external producers' KafkaSource reads from
 */
public record Settings(
    Optional<String> registry,
    Optional<String> tag,
    Optional<String> issuer,
    Optional<String> deliveryIssuer,
    Optional<String> kafkaBootstrap) {

  /** The overlays' own image prefix. */
  public static final String OVERLAY_REGISTRY = "ghcr.io/kinetic";

  public static Settings none() {
    return new Settings(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Applies these settings to rendered objects; returns what was changed, for the log. */
  public List<String> applyTo(List<HasMetadata> objects) {
    List<String> changes = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof Service service) {
        for (Container container : service.getSpec().getTemplate().getSpec().getContainers()) {
          String image = image(container.getImage());
          if (!image.equals(container.getImage())) {
            container.setImage(image);
            changes.add(Manifests.name(object) + ": image " + image);
          }
        }
      } else if (object instanceof ConfigMap map
          && "kinetic-security".equals(map.getMetadata().getName())) {
        Map<String, String> data = new LinkedHashMap<>(map.getData());
        issuer.ifPresent(i -> data.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI", i));
        deliveryIssuer.ifPresent(i -> data.put("KINETIC_SECURITY_DELIVERYISSUER", i));
        if (!data.equals(map.getData())) {
          map.setData(data);
          changes.add(Manifests.name(object) + ": issuers set");
        }
      } else if (kafkaBootstrap.isPresent()
          && (object instanceof KafkaSource
              || object instanceof io.fabric8.knative.sources.v1beta1.KafkaSource)) {
        List<String> servers = List.of(kafkaBootstrap.get().split(","));
        if (object instanceof KafkaSource source) {
          source.getSpec().setBootstrapServers(servers);
        } else {
          ((io.fabric8.knative.sources.v1beta1.KafkaSource) object)
              .getSpec()
              .setBootstrapServers(servers);
        }
        changes.add(Manifests.name(object) + ": bootstrap " + kafkaBootstrap.get());
      }
    }
    return changes;
  }

  /** {@code image} moved to the registry and tag of these settings, if it is one of ours. */
  String image(String image) {
    if (!image.startsWith(OVERLAY_REGISTRY + "/")) {
      return image;
    }
    String nameAndTag = image.substring(OVERLAY_REGISTRY.length() + 1);
    int colon = nameAndTag.lastIndexOf(':');
    String name = colon < 0 ? nameAndTag : nameAndTag.substring(0, colon);
    String currentTag = colon < 0 ? "latest" : nameAndTag.substring(colon + 1);
    return registry.orElse(OVERLAY_REGISTRY) + "/" + name + ":" + tag.orElse(currentTag);
  }
}
