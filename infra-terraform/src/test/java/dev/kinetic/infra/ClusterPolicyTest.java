package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster, its GPU nodes and its network, as the GPU inference Service needs them. */
@SuppressWarnings("unchecked")
class ClusterPolicyTest {

  final Map<String, Object> cluster = Modules.parse(Modules.module("cluster"));
  final Map<String, Object> gpuNodes = Modules.parse(Modules.module("gpu-nodes"));
  final Map<String, Object> network = Modules.parse(Modules.module("network"));

  Map<String, Object> nodeGroup(String name) {
    return Modules.at(cluster, "module", "eks", "eks_managed_node_groups", name);
  }

  @Test
  void everyNodeRequiresImdsV2WithOneHop() {
    Map<String, Object> groups = Modules.at(cluster, "module", "eks", "eks_managed_node_groups");
    assertThat(groups).containsKeys("system", "gpu");
    groups.forEach(
        (name, group) ->
            assertThat(Modules.at((Map<String, Object>) group, "metadata_options"))
                .as(name)
                .containsEntry("http_tokens", "required")
                .containsEntry("http_put_response_hop_limit", 1.0));
  }

  @Test
  void theGpuGroupStartsEmptyOnNvidiaImagesTaintedAndLabelled() {
    Map<String, Object> gpu = nodeGroup("gpu");
    assertThat((String) gpu.get("ami_type")).endsWith("_NVIDIA");
    assertThat(gpu).containsEntry("min_size", 0.0).containsEntry("desired_size", 0.0);
    assertThat(Modules.at(gpu, "labels")).containsEntry("nvidia.com/gpu.present", "true");
    assertThat(Modules.at(gpu, "taints", "gpu"))
        .containsEntry("key", "nvidia.com/gpu")
        .containsEntry("value", "true")
        .containsEntry("effect", "NO_SCHEDULE");
    assertThat(Modules.at(cluster, "module", "eks", "addons"))
        .containsKey("eks-pod-identity-agent");
  }

  @Test
  void theGpuInferenceServiceLandsOnTheGpuGroup() {
    String service =
        Modules.text(
            Modules.ROOT.resolveSibling("knative/manifests/overlays/prod/inference-gpu.yaml"));
    assertThat(service)
        .contains("nodeSelector: {nvidia.com/gpu.present: \"true\"}")
        .contains("{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}");
  }

  @Test
  void theAutoscalerCanScaleTheGpuGroupFromZero() {
    assertThat(Modules.at(gpuNodes, "locals", "node_template"))
        .containsEntry(
            "k8s.io/cluster-autoscaler/node-template/label/nvidia.com/gpu.present", "true")
        .containsEntry(
            "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu", "true:NoSchedule")
        .containsKey("k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu");
    Map<String, Object> plugin =
        Modules.at(gpuNodes, "resource", "helm_release", "nvidia_device_plugin");
    assertThat(plugin).containsEntry("chart", "nvidia-device-plugin");
    assertThat(Modules.at(gpuNodes, "variable", "device_plugin_version").get("default"))
        .as("the device plugin chart is pinned")
        .isInstanceOf(String.class);
    assertThat(Modules.text(Modules.module("gpu-nodes").resolve("main.tf")))
        .contains(
            "tolerations  = [{ key = \"nvidia.com/gpu\", operator = \"Exists\", effect = \"NoSchedule\" }]");
  }

  @Test
  void theClusterAutoscalerMayResizeOnlyThisClustersGroups() {
    Map<String, Object> autoscaler =
        Modules.at(gpuNodes, "resource", "helm_release", "cluster_autoscaler");
    assertThat(autoscaler).containsEntry("chart", "cluster-autoscaler");
    assertThat(Modules.at(gpuNodes, "resource", "aws_eks_pod_identity_association", "autoscaler"))
        .containsEntry("namespace", "kube-system")
        .containsEntry("service_account", "cluster-autoscaler");
    String main = Modules.text(Modules.module("gpu-nodes").resolve("main.tf"));
    assertThat(main)
        .as("the chart's ServiceAccount is the one Pod Identity binds")
        .contains("serviceAccount = { create = true, name = \"cluster-autoscaler\" }")
        .contains("autoDiscovery = { clusterName = var.cluster_name }");
    String resize = main.substring(main.indexOf("sid       = \"ResizeThisClustersGroups\""));
    resize = resize.substring(0, resize.indexOf("\n  }\n"));
    assertThat(resize)
        .contains("autoscaling:SetDesiredCapacity")
        .contains("variable = \"aws:ResourceTag/k8s.io/cluster-autoscaler/${var.cluster_name}\"")
        .contains("values   = [\"owned\"]");
  }

  @Test
  void nodesLiveInPrivateSubnetsBehindNat() {
    Map<String, Object> vpc = Modules.at(network, "module", "vpc");
    assertThat(vpc).containsEntry("enable_nat_gateway", true);
    assertThat(Modules.at(vpc, "private_subnet_tags"))
        .containsEntry("kubernetes.io/role/internal-elb", "1");
    assertThat(String.valueOf(Modules.at(cluster, "module", "eks").get("endpoint_public_access")))
        .isEqualTo("var.endpoint_public_access");
    assertThat(Modules.at(cluster, "variable", "endpoint_public_access"))
        .containsEntry("default", false);
  }
}
