variable "name" {
  description = "The MSK cluster's name."
  type        = string
}

variable "kafka_version" {
  description = "The Kafka version MSK runs (KRaft-capable, 3.9.x or later)."
  type        = string
  default     = "3.9.x"
}

variable "vpc_id" {
  description = "The VPC the brokers run in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the brokers, one per zone; the broker count must be a multiple of their number."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "Security groups allowed to reach the brokers (the cluster's nodes, where the Knative Kafka data plane runs)."
  type        = list(string)
}

variable "broker_count" {
  description = "Number of brokers: 3 (one per zone) for production; topics are replicated min(3, brokers) times."
  type        = number
  default     = 3
}

variable "broker_instance_type" {
  description = "The brokers' instance type, e.g. kafka.t3.small for dev, kafka.m7g.large for production."
  type        = string
  default     = "kafka.m7g.large"
}

variable "volume_size_gib" {
  description = "Each broker's EBS volume, in GiB."
  type        = number
  default     = 100
}

variable "data_plane_service_accounts" {
  description = "ServiceAccounts in knative-eventing that connect to Kafka: the Knative Kafka broker's data plane and controller."
  type        = list(string)
  default     = ["knative-kafka-broker-data-plane", "kafka-controller"]
}

variable "cluster_name" {
  description = "The EKS cluster whose Knative Kafka components assume the data-plane role through Pod Identity."
  type        = string
}

variable "tags" {
  description = "Tags for every resource the module makes."
  type        = map(string)
  default     = {}
}
