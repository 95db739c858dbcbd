# What a GPU node group at size zero needs to grow when a GPU pod is pending: the Cluster
# Autoscaler itself, and, since it sees no node to copy labels and taints from, node-template tags
# on the Auto Scaling group (EKS does not copy a managed group's labels and taints onto it). Then
# the NVIDIA device plugin, so the nodes advertise nvidia.com/gpu.

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

# The Cluster Autoscaler finds the node groups by the tags EKS puts on their Auto Scaling groups
# (k8s.io/cluster-autoscaler/enabled, k8s.io/cluster-autoscaler/<cluster>), and may resize only
# those of this cluster.
data "aws_iam_policy_document" "autoscaler_trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "autoscaler" {
  statement {
    sid = "Discover"
    actions = [
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeLaunchConfigurations",
      "autoscaling:DescribeScalingActivities",
      "autoscaling:DescribeTags",
      "ec2:DescribeImages",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeLaunchTemplateVersions",
      "ec2:GetInstanceTypesFromInstanceRequirements",
      "eks:DescribeNodegroup",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ResizeThisClustersGroups"
    actions   = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/k8s.io/cluster-autoscaler/${var.cluster_name}"
      values   = ["owned"]
    }
  }
}

resource "aws_iam_role" "autoscaler" {
  name               = "${var.cluster_name}-cluster-autoscaler"
  description        = "The Cluster Autoscaler of ${var.cluster_name}, through EKS Pod Identity"
  assume_role_policy = data.aws_iam_policy_document.autoscaler_trust.json
}

resource "aws_iam_role_policy" "autoscaler" {
  name   = "cluster-autoscaler"
  role   = aws_iam_role.autoscaler.id
  policy = data.aws_iam_policy_document.autoscaler.json
}

resource "aws_eks_pod_identity_association" "autoscaler" {
  cluster_name    = var.cluster_name
  namespace       = "kube-system"
  service_account = "cluster-autoscaler"
  role_arn        = aws_iam_role.autoscaler.arn
}

resource "helm_release" "cluster_autoscaler" {
  name       = "cluster-autoscaler"
  repository = "https://kubernetes.github.io/autoscaler"
  chart      = "cluster-autoscaler"
  version    = var.autoscaler_chart_version
  namespace  = "kube-system"

  values = [yamlencode({
    cloudProvider = "aws"
    awsRegion     = var.region
    autoDiscovery = { clusterName = var.cluster_name }
    # The autoscaler's minor must be the cluster's.
    image = { tag = "v${var.kubernetes_version}.0" }
    rbac = {
      serviceAccount = { create = true, name = "cluster-autoscaler" }
    }
    extraArgs = {
      # A GPU node idles at about $0.80 an hour: give it back soon after its last pod leaves.
      "scale-down-unneeded-time"      = var.scale_down_unneeded_time
      "balance-similar-node-groups"   = true
      "skip-nodes-with-system-pods"   = false
      "skip-nodes-with-local-storage" = false
      expander                        = "least-waste"
    }
  })]

  depends_on = [aws_eks_pod_identity_association.autoscaler]
}
