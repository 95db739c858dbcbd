variable "cluster_name" {
  description = "The EKS cluster (infra output cluster_name)."
  type        = string
}

variable "kubernetes_version" {
  description = "The cluster's Kubernetes minor (infra output kubernetes_version)."
  type        = string
}

variable "region" {
  description = "The AWS region of the cluster and of MSK."
  type        = string
}

variable "gpu_autoscaling_group_name" {
  description = "The GPU node group's Auto Scaling group (infra output gpu_node_group_autoscaling_group_name)."
  type        = string
}

variable "kafka_bootstrap" {
  description = "MSK's SASL/IAM bootstrap servers (infra output kafka_bootstrap)."
  type        = string
}

variable "kafka_broker_count" {
  description = "Brokers in the MSK cluster (infra output kafka_broker_count)."
  type        = number
}

variable "topic_partitions" {
  description = "Partitions of the Kinetic Broker's topic."
  type        = number
}

variable "topic_replication" {
  description = "Replication factor of the Kinetic Broker's topic, at most kafka_broker_count."
  type        = number
}

variable "collector_replicas" {
  description = "OpenTelemetry collector replicas."
  type        = number
}

variable "metrics_retention" {
  description = "How long Prometheus keeps samples."
  type        = string
}

variable "mesh" {
  description = "Install Istio (modules/mesh) for mutual TLS between pods, and make it Knative's ingress; the kinetic overlay must then include the mesh component (prod does)."
  type        = bool
  default     = false
}
