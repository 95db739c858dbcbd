package dev.kinetic.local.cli;

import dev.kinetic.contracts.Json;
import dev.kinetic.deployer.Deployer;
import dev.kinetic.deployer.Manifests;
import dev.kinetic.deployer.Settings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code kinetic deploy}: renders an overlay, checks it against the Knative, Kubernetes and Istio
 * models, fills in what the cluster's infrastructure decides, server-side applies it and waits for
 * Ready.
 */
@Command(
    name = "deploy",
    description = {
      "Deploy an overlay to a Knative cluster: render (kubectl kustomize), check every object"
          + " against the Knative, Kubernetes and Istio models, apply server-side, wait for Ready, print"
          + " the URLs.",
      "Example: ./kinetic deploy --context prod --overlay prod --infra infra.json --tag 0.1.0"
    })
final class Deploy implements Callable<Integer> {

  @Option(
      names = "--overlay",
      required = true,
      description = "An overlay of knative/manifests/overlays (dev, prod) or the path of one.")
  String overlay;

  @Option(
      names = "--infra",
      description =
          "The infra stack's outputs (terraform output -json > infra.json): image_registry,"
              + " oidc_issuer_url and kafka_bootstrap fill in --registry, --delivery-issuer and"
              + " --kafka-bootstrap.")
  Path infra;

  @Option(names = "--registry", description = "Where the images are, in place of ghcr.io/kinetic.")
  String registry;

  @Option(names = "--tag", description = "The images' tag, in place of the overlay's.")
  String tag;

  @Option(names = "--issuer", description = "The identity provider that issues callers' tokens.")
  String issuer;

  @Option(
      names = "--delivery-issuer",
      description = "The cluster's service-account token issuer, for Eventing OIDC deliveries.")
  String deliveryIssuer;

  @Option(
      names = "--kafka-bootstrap",
      description = "The Kafka bootstrap servers external producers write to (the KafkaSource).")
  String kafkaBootstrap;

  @Option(
      names = "--timeout",
      defaultValue = "PT15M",
      description = "How long to wait for Ready, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--dry-run",
      description = "Render, check and print what would be applied; touch no cluster.")
  boolean dryRun;

  @Mixin ClusterOptions cluster;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path overlayDir = overlayDir();
    List<HasMetadata> objects = Manifests.parse(Manifests.render(overlayDir));
    out.printf(
        "%s: %d objects, all matching the Knative, Kubernetes and Istio models%n",
        overlayDir, objects.size());
    settings().applyTo(objects).forEach(change -> out.println("set " + change));
    if (dryRun) {
      Deployer.ordered(objects).forEach(o -> out.println("would apply " + Manifests.name(o)));
      return 0;
    }
    try (KubernetesClient client = cluster.connect()) {
      out.printf("deploying to %s%n", client.getMasterUrl());
      Deployer deployer = new Deployer(client, out, Clock.systemUTC(), Duration.ofSeconds(2));
      deployer.apply(objects);
      Map<String, String> urls = deployer.awaitReady(objects, timeout);
      out.println("Ready:");
      urls.forEach((name, url) -> out.printf("  %-14s %s%n", name, url));
    }
    return 0;
  }

  private Path overlayDir() {
    Path named = Kinetic.home().resolve("knative/manifests/overlays").resolve(overlay);
    return Files.isDirectory(named) ? named : Path.of(overlay).toAbsolutePath().normalize();
  }

  /** The options, each falling back on the infra outputs' value. */
  Settings settings() {
    JsonNode outputs = infra == null ? null : outputs(infra);
    return new Settings(
        given(registry).or(() -> output(outputs, "image_registry")),
        given(tag),
        given(issuer),
        given(deliveryIssuer).or(() -> output(outputs, "oidc_issuer_url")),
        given(kafkaBootstrap).or(() -> output(outputs, "kafka_bootstrap")));
  }

  private static Optional<String> given(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }

  private static Optional<String> output(JsonNode outputs, String name) {
    return outputs == null
        ? Optional.empty()
        : given(outputs.path(name).path("value").asString(null));
  }

  private static JsonNode outputs(Path file) {
    try {
      JsonNode outputs = Json.MAPPER.readTree(Files.readString(file));
      if (!outputs.isObject()) {
        throw new IllegalArgumentException(file + " is not terraform output -json");
      }
      return outputs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
