package dev.kinetic.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.knative.serving.v1.TrafficTarget;
import io.fabric8.knative.serving.v1.TrafficTargetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Canary, promote and rollback as traffic blocks, against fabric8's API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class RolloutTest {

  KubernetesClient client;
  KnativeClient knative;
  StringWriter log = new StringWriter();
  Rollout rollout;

  @BeforeEach
  void setUp() {
    knative = client.adapt(KnativeClient.class);
    rollout = new Rollout(knative, new PrintWriter(log, true));
  }

  /** inference as Knative reports it: {@code latest} is Ready, {@code serving} has the traffic. */
  void inference(String latest, String serving) {
    Service service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("inference")
            .withNamespace("kinetic")
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withImage("ghcr.io/kinetic/kinetic-inference:0.1.0")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .withNewStatus()
            .withLatestReadyRevisionName(latest)
            .withLatestCreatedRevisionName(latest)
            .withTraffic(
                new TrafficTargetBuilder().withRevisionName(serving).withPercent(100L).build())
            .endStatus()
            .build();
    knative.services().inNamespace("kinetic").resource(service).create();
  }

  List<TrafficTarget> traffic() {
    return knative
        .services()
        .inNamespace("kinetic")
        .withName("inference")
        .get()
        .getSpec()
        .getTraffic();
  }

  @Test
  void aCanaryGetsItsShareAndTheServingRevisionTheRest() {
    inference("inference-00002", "inference-00001");

    rollout.canary("kinetic", "inference", 10);

    assertThat(traffic())
        .extracting(
            TrafficTarget::getTag, TrafficTarget::getRevisionName, TrafficTarget::getPercent)
        .containsExactly(
            tuple("stable", "inference-00001", 90L), tuple("canary", "inference-00002", 10L));
    assertThat(log.toString())
        .contains("inference: 90% to inference-00001 (stable), 10% to inference-00002 (canary)");
  }

  @Test
  void promotingFollowsTheLatestRevisionAndKeepsThePreviousReachable() {
    inference("inference-00002", "inference-00001");
    rollout.canary("kinetic", "inference", 25);

    rollout.promote("kinetic", "inference");

    assertThat(traffic())
        .extracting(
            TrafficTarget::getTag,
            TrafficTarget::getRevisionName,
            TrafficTarget::getLatestRevision,
            TrafficTarget::getPercent)
        .containsExactly(
            tuple(null, null, true, 100L), tuple("previous", "inference-00001", false, 0L));
  }

  @Test
  void rollingBackSendsEverythingToStableAndKeepsTheCanaryForALook() {
    inference("inference-00002", "inference-00001");
    rollout.canary("kinetic", "inference", 10);

    rollout.rollback("kinetic", "inference");

    assertThat(traffic())
        .extracting(
            TrafficTarget::getTag, TrafficTarget::getRevisionName, TrafficTarget::getPercent)
        .containsExactly(
            tuple("stable", "inference-00001", 100L), tuple("canary", "inference-00002", 0L));
    assertThat(log.toString()).contains("inference: 100% back to inference-00001");
  }

  @Test
  void aCanaryNeedsANewRevision() {
    inference("inference-00001", "inference-00001");

    assertThatThrownBy(() -> rollout.canary("kinetic", "inference", 10))
        .hasMessageContaining("deploy a new revision first");
    assertThatThrownBy(() -> rollout.canary("kinetic", "inference", 100))
        .hasMessageContaining("1 to 99");
  }

  @Test
  void aRevisionNobodyTriedIsNotPromoted() {
    inference("inference-00002", "inference-00001");
    rollout.canary("kinetic", "inference", 10);
    Service service = knative.services().inNamespace("kinetic").withName("inference").get();
    service.getStatus().setLatestReadyRevisionName("inference-00003");
    knative.services().inNamespace("kinetic").resource(service).update();

    assertThatThrownBy(() -> rollout.promote("kinetic", "inference"))
        .hasMessageContaining(
            "newer Ready revision (inference-00003) than its canary (inference-00002)");
  }

  @Test
  void anUnknownServiceIsNamed() {
    assertThatThrownBy(() -> rollout.canary("kinetic", "nope", 10))
        .hasMessageContaining("there is no Knative Service kinetic/nope");
  }
}
