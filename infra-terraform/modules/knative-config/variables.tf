variable "knative_version" {
  description = "The Knative Serving and Eventing minor the operator installs, e.g. 1.21 (the operator upgrades one minor at a time)."
  type        = string
  default     = "1.21"

  validation {
    condition     = can(regex("^1\\.[0-9]+$", var.knative_version))
    error_message = "knative_version is a minor version such as 1.21, without the patch."
  }
}

variable "kafka_broker_release" {
  description = "The knative-extensions/eventing-kafka-broker release installed beside Eventing; its minor must be Eventing's."
  type        = string
  default     = "1.21.0"

  validation {
    condition     = can(regex("^1\\.[0-9]+\\.[0-9]+$", var.kafka_broker_release))
    error_message = "kafka_broker_release is a full version such as 1.21.0."
  }
}

variable "ingress" {
  description = "Knative Serving's networking layer: kourier (installed by the operator) or istio (an Istio mesh already in the cluster)."
  type        = string
  default     = "kourier"

  validation {
    condition     = contains(["kourier", "istio"], var.ingress)
    error_message = "ingress is kourier or istio."
  }
}

variable "kafka_bootstrap" {
  description = "The Kafka bootstrap servers the Broker's topics live on: MSK's SASL/IAM brokers (port 9098)."
  type        = string

  validation {
    condition     = length(trimspace(var.kafka_bootstrap)) > 0
    error_message = "kafka_bootstrap names at least one broker."
  }
}

variable "kafka_broker_count" {
  description = "Brokers in the Kafka cluster, which bounds the topics' replication factor."
  type        = number
}

variable "topic_partitions" {
  description = "Partitions of each Broker's topic: the most consumers a Trigger's group can spread over."
  type        = number
  default     = 12
}

variable "topic_replication" {
  description = "Replication factor of each Broker's topic; at most kafka_broker_count."
  type        = number
  default     = 3

  validation {
    condition     = var.topic_replication >= 1 && var.topic_replication <= var.kafka_broker_count
    error_message = "topic_replication must be between 1 and kafka_broker_count: Kafka refuses a topic with more replicas than brokers."
  }
}

variable "topic_retention_hours" {
  description = "How long the Broker's topic keeps events, for replay and for Triggers that fall behind."
  type        = number
  default     = 168
}

variable "region" {
  description = "The AWS region of the MSK cluster, where the data plane's IAM authentication gets its STS tokens."
  type        = string
}
