variable "operator_version" {
  description = "The knative-operator Helm chart (and operator) version; it installs Serving and Eventing of its own minor or the two before."
  type        = string
  default     = "v1.21.1"
}

variable "knative_version" {
  description = "The Serving and Eventing minor the operator installs, e.g. 1.21."
  type        = string
  default     = "1.21"
}

variable "kafka_broker_release" {
  description = "The eventing-kafka-broker release (controller and data plane) installed with Eventing."
  type        = string
  default     = "1.21.0"
}

variable "ingress" {
  description = "Serving's networking layer: kourier, or istio when the cluster runs an Istio mesh."
  type        = string
  default     = "kourier"
}

variable "kafka_bootstrap" {
  description = "The MSK SASL/IAM bootstrap servers (infra stack output kafka_bootstrap)."
  type        = string
}

variable "kafka_broker_count" {
  description = "Brokers in the MSK cluster; the topics' replication factor is at most this."
  type        = number
}

variable "topic_partitions" {
  description = "Partitions of each Broker's topic."
  type        = number
  default     = 12
}

variable "topic_replication" {
  description = "Replication factor of each Broker's topic."
  type        = number
  default     = 3
}

variable "topic_retention_hours" {
  description = "How long each Broker's topic keeps events."
  type        = number
  default     = 168
}

variable "region" {
  description = "The AWS region of the MSK cluster."
  type        = string
}

variable "ready_timeout" {
  description = "How long the apply waits for KnativeServing and KnativeEventing to be Ready."
  type        = string
  default     = "20m"
}

variable "sidecar_injection" {
  description = "Label knative-serving and knative-eventing for Istio sidecar injection (with modules/mesh)."
  type        = bool
  default     = false
}
