variable "name" {
  description = "The environment's name prefix, e.g. kinetic-prod: the cluster, VPC, Kafka and role names derive from it."
  type        = string
}

variable "account_suffix" {
  description = "A suffix that makes the model store's bucket name globally unique, e.g. the AWS account ID."
  type        = string
}

variable "azs" {
  description = "Availability zones to spread the subnets and Kafka brokers over."
  type        = list(string)
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (dev) instead of one per zone."
  type        = bool
}

variable "system_min_size" {
  description = "Fewest nodes in the system node group."
  type        = number
}

variable "system_max_size" {
  description = "Most nodes in the system node group."
  type        = number
}

variable "gpu_max_size" {
  description = "Most GPU nodes; the group has none until a GPU pod is pending."
  type        = number
}

variable "endpoint_public_access" {
  description = "Whether the cluster's API server is reachable from the internet."
  type        = bool
}

variable "kafka_broker_count" {
  description = "Number of Kafka brokers, a multiple of the number of zones."
  type        = number
}

variable "kafka_broker_instance_type" {
  description = "The Kafka brokers' instance type."
  type        = string
}

variable "kafka_volume_size_gib" {
  description = "Each Kafka broker's EBS volume, in GiB."
  type        = number
}

variable "audit_retention_days" {
  description = "Days the decision log is kept."
  type        = number
}

variable "tags" {
  description = "Tags for every resource the environment makes."
  type        = map(string)
  default     = {}
}
