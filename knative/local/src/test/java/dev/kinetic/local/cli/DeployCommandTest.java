package dev.kinetic.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.deployer.ApiServer;
import dev.kinetic.deployer.KnativeController;
import dev.kinetic.deployer.Kubectl;
import dev.kinetic.deployer.Manifests;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.TrafficTarget;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kinetic deploy} and {@code kinetic rollout} through the CLI, against an API server over
 * HTTP reached by a kube context, as a user runs them.
 */
class DeployCommandTest {

  static final Path OVERLAYS = Kubectl.OVERLAYS;

  ApiServer server;
  @TempDir Path home;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    Kubectl.assumeOnPath();
    server = new ApiServer();
    Path kubeconfig = home.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: test
            cluster: {server: "%s", insecure-skip-tls-verify: true}
        users:
          - name: test
            user: {token: test}
        contexts:
          - name: test
            context: {cluster: test, user: test}
        current-context: other
        """
            .formatted(server.client().getMasterUrl()));
    System.setProperty("kubeconfig", kubeconfig.toString());
  }

  @AfterEach
  void stop() {
    System.clearProperty("kubeconfig");
    if (server != null) {
      server.close();
    }
  }

  int kinetic(String... args) {
    return Kinetic.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void deploysTheDevOverlayWaitsForReadyAndPrintsTheUrls() throws Exception {
    List<HasMetadata> objects = Manifests.parse(Manifests.render(OVERLAYS.resolve("dev")));

    int code;
    KnativeController controller = new KnativeController(server.client(), objects, "example.com");
    try {
      code =
          kinetic(
              "deploy",
              "--context",
              "test",
              "--overlay",
              OVERLAYS.resolve("dev").toString(),
              "--registry",
              "registry.example.com/kinetic-dev",
              "--tag",
              "0.1.0",
              "--timeout",
              "PT30S");
    } finally {
      controller.close();
    }

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("all matching the Knative, Kubernetes and Istio models")
        .contains("applied Broker kinetic/default")
        .contains("Trigger kinetic/train-on-dataset-ingested: Ready")
        .contains("Ready:")
        .contains("inference      http://inference.kinetic.example.com");
    Service inference =
        server
            .client()
            .adapt(KnativeClient.class)
            .services()
            .inNamespace("kinetic")
            .withName("inference")
            .get();
    assertThat(inference.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .isEqualTo("registry.example.com/kinetic-dev/kinetic-inference:0.1.0");
  }

  @Test
  void rollsACanaryOutAndBack() {
    KnativeClient knative = server.client().adapt(KnativeClient.class);
    knative
        .services()
        .inNamespace("kinetic")
        .resource(
            new io.fabric8.knative.serving.v1.ServiceBuilder()
                .withNewMetadata()
                .withName("inference")
                .withNamespace("kinetic")
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .withLatestReadyRevisionName("inference-00002")
                .addNewTraffic()
                .withRevisionName("inference-00001")
                .withPercent(100L)
                .endTraffic()
                .endStatus()
                .build())
        .create();

    assertThat(kinetic("rollout", "inference", "--canary", "10", "--context", "test"))
        .as(err.toString())
        .isZero();
    assertThat(
            knative
                .services()
                .inNamespace("kinetic")
                .withName("inference")
                .get()
                .getSpec()
                .getTraffic())
        .extracting(TrafficTarget::getRevisionName, TrafficTarget::getPercent)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("inference-00001", 90L),
            org.assertj.core.api.Assertions.tuple("inference-00002", 10L));
    assertThat(kinetic("rollout", "inference", "--rollback", "--context", "test")).isZero();
    assertThat(out.toString()).contains("inference: 100% back to inference-00001");
    assertThat(kinetic("rollout", "inference", "--canary", "10", "--promote", "--context", "test"))
        .as("one step at a time")
        .isNotZero();
  }

  @Test
  void aDryRunTouchesNoCluster() {
    assertThat(kinetic("deploy", "--overlay", OVERLAYS.resolve("prod").toString(), "--dry-run"))
        .as(err.toString())
        .isZero();

    assertThat(out.toString()).contains("would apply Service kinetic/inference-gpu");
    assertThat(server.client().namespaces().list().getItems()).isEmpty();
  }
}
