output "cluster_name" {
  description = "The cluster's name: the kube context of kinetic deploy (aws eks update-kubeconfig --name <it>)."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "The API server's URL, for the platform stack's kubernetes and helm providers."
  value       = module.eks.cluster_endpoint
}

output "cluster_certificate_authority_data" {
  description = "The API server's CA certificate, base64, for the platform stack's providers."
  value       = module.eks.cluster_certificate_authority_data
}

output "oidc_issuer_url" {
  description = "The cluster's service-account token issuer: KINETIC_SECURITY_DELIVERYISSUER in the cluster overlays, for Knative Eventing OIDC deliveries."
  value       = module.eks.cluster_oidc_issuer_url
}

output "node_security_group_id" {
  description = "The nodes' security group, which the Kafka brokers admit."
  value       = module.eks.node_security_group_id
}

output "gpu_node_group_autoscaling_group_name" {
  description = "The GPU node group's Auto Scaling group, for the gpu-nodes module's scale-from-zero tags."
  value       = one(module.eks.eks_managed_node_groups["gpu"].node_group_autoscaling_group_names)
}

output "kubernetes_version" {
  description = "The cluster's Kubernetes minor, which the platform stack's Cluster Autoscaler matches."
  value       = var.kubernetes_version
}
