output "cluster_name" {
  description = "The EKS cluster: aws eks update-kubeconfig --name <it> makes the kube context kinetic deploy uses."
  value       = module.cluster.cluster_name
}

output "cluster_endpoint" {
  description = "The API server's URL, read by the platform stack."
  value       = module.cluster.cluster_endpoint
}

output "cluster_certificate_authority_data" {
  description = "The API server's CA, read by the platform stack."
  value       = module.cluster.cluster_certificate_authority_data
}

output "oidc_issuer_url" {
  description = "KINETIC_SECURITY_DELIVERYISSUER in the cluster overlays' kinetic-security ConfigMap."
  value       = module.cluster.oidc_issuer_url
}

output "gpu_node_group_autoscaling_group_name" {
  description = "The GPU node group's Auto Scaling group, read by the platform stack."
  value       = module.cluster.gpu_node_group_autoscaling_group_name
}

output "kafka_bootstrap" {
  description = "bootstrap.servers of the overlays' kafka-broker-config, and the KafkaSource's bootstrapServers."
  value       = module.kafka.bootstrap_brokers
}

output "bucket" {
  description = "The model store: KINETIC_S3_BUCKET for every function."
  value       = module.model_store.bucket
}

output "kms_key_arn" {
  description = "The model store's KMS key."
  value       = module.model_store.kms_key_arn
}

output "role_arns" {
  description = "Each function's IAM role, bound to its ServiceAccount through Pod Identity."
  value       = module.identity.role_arns
}

output "kubernetes_version" {
  description = "The cluster's Kubernetes minor, read by the platform stack."
  value       = module.cluster.kubernetes_version
}

output "kafka_broker_count" {
  description = "Brokers in MSK, which bound the platform's topic replication."
  value       = var.kafka_broker_count
}

output "image_registry" {
  description = "Where the images are pushed and pulled from: the overlays' images are renamed to <it>/kinetic-<image>."
  value       = module.images.registry
}
