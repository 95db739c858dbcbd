package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka for the Knative broker: encrypted everywhere, IAM only, reachable from the nodes only. */
@SuppressWarnings("unchecked")
class KafkaPolicyTest {

  final Map<String, Object> kafka = Modules.parse(Modules.module("kafka"));

  @Test
  void encryptsInTransitAndAtRestAndAuthenticatesWithIam() {
    Map<String, Object> msk = Modules.at(kafka, "module", "msk");
    assertThat(msk)
        .containsEntry("encryption_in_transit_client_broker", "TLS")
        .containsEntry("encryption_in_transit_in_cluster", true);
    assertThat(String.valueOf(msk.get("encryption_at_rest_kms_key_arn")))
        .isEqualTo("aws_kms_key.kafka.arn");
    assertThat(Modules.at(msk, "client_authentication", "sasl")).containsEntry("iam", true);
    assertThat(Modules.at(kafka, "resource", "aws_kms_key", "kafka"))
        .containsEntry("enable_key_rotation", true);
    assertThat(Modules.at(msk, "configuration_server_properties"))
        .containsEntry("auto.create.topics.enable", false);
  }

  @Test
  void letsOnlyTheNodesReachTheIamPort() {
    Map<String, Object> rule =
        Modules.at(kafka, "resource", "aws_vpc_security_group_ingress_rule", "clients");
    assertThat(rule)
        .containsEntry("from_port", 9098.0)
        .containsEntry("to_port", 9098.0)
        .containsEntry("ip_protocol", "tcp")
        .doesNotContainKey("cidr_ipv4");
    assertThat(Modules.at(kafka, "resource"))
        .containsOnlyKeys(
            "aws_kms_key",
            "aws_security_group",
            "aws_vpc_security_group_ingress_rule",
            "aws_iam_role",
            "aws_iam_role_policy",
            "aws_eks_pod_identity_association");
  }

  @Test
  void givesTheDataPlaneTheKnativeTopicsAndGroupsOnly() {
    List<Map<String, Object>> statements =
        Modules.blocks(
            Modules.at(kafka, "data", "aws_iam_policy_document", "data_plane").get("statement"));
    assertThat(statements)
        .extracting(s -> s.get("sid"))
        .containsExactly("Cluster", "Topics", "Groups");
    for (Map<String, Object> statement : statements) {
      assertThat((List<String>) statement.get("actions"))
          .as(String.valueOf(statement.get("sid")))
          .allSatisfy(
              action -> assertThat(action).startsWith("kafka-cluster:").doesNotEndWith("*"));
    }
    String main = Modules.text(Modules.module("kafka").resolve("main.tf"));
    assertThat(main).contains("\":topic/\")}/knative-*\"").contains("\":group/\")}/knative-*\"");
    assertThat(
            Modules.at(kafka, "resource", "aws_eks_pod_identity_association", "data_plane")
                .get("namespace"))
        .isEqualTo("knative-eventing");
  }
}
