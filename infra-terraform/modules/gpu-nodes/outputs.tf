output "node_template_tags" {
  description = "The tags the GPU Auto Scaling group carries for scaling from zero."
  value       = local.node_template
}

output "device_plugin_version" {
  description = "The NVIDIA device plugin chart version installed."
  value       = helm_release.nvidia_device_plugin.version
}

output "autoscaler_role_arn" {
  description = "The Cluster Autoscaler's IAM role, bound to kube-system/cluster-autoscaler through Pod Identity."
  value       = aws_iam_role.autoscaler.arn
}
