output "bootstrap_brokers" {
  description = "SASL/IAM bootstrap servers: bootstrap.servers of kafka-broker-config and the KafkaSource's bootstrapServers in the cluster overlays."
  value       = module.msk.bootstrap_brokers_sasl_iam
}

output "cluster_arn" {
  description = "The MSK cluster's ARN."
  value       = module.msk.arn
}

output "data_plane_role_arn" {
  description = "The role the Knative Kafka data plane assumes through Pod Identity."
  value       = aws_iam_role.data_plane.arn
}
