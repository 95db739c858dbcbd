# What a GPU node group at size zero needs to grow when a GPU pod is pending: the Cluster
# Autoscaler sees no node to copy labels and taints from, so the Auto Scaling group carries them as
# node-template tags (EKS does not copy a managed group's labels and taints onto it). Then the
# NVIDIA device plugin, so the nodes advertise nvidia.com/gpu.

locals {
  node_template = {
    "k8s.io/cluster-autoscaler/node-template/label/nvidia.com/gpu.present" = "true"
    "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu"         = "true:NoSchedule"
    "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu"     = tostring(var.gpus_per_node)
  }
}

resource "aws_autoscaling_group_tag" "node_template" {
  for_each = local.node_template

  autoscaling_group_name = var.autoscaling_group_name

  tag {
    key                 = each.key
    value               = each.value
    propagate_at_launch = false
  }
}

resource "helm_release" "nvidia_device_plugin" {
  name             = "nvidia-device-plugin"
  repository       = "https://nvidia.github.io/k8s-device-plugin"
  chart            = "nvidia-device-plugin"
  version          = var.device_plugin_version
  namespace        = "nvidia-device-plugin"
  create_namespace = true

  # Only on GPU nodes, which are tainted to keep everything else off them.
  values = [yamlencode({
    nodeSelector = { "nvidia.com/gpu.present" = "true" }
    tolerations  = [{ key = "nvidia.com/gpu", operator = "Exists", effect = "NoSchedule" }]
  })]
}
