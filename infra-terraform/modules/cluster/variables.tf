variable "name" {
  description = "The EKS cluster's name."
  type        = string
}

variable "kubernetes_version" {
  description = "The Kubernetes minor version, e.g. 1.33."
  type        = string
  default     = "1.33"
}

variable "vpc_id" {
  description = "The VPC (network module output vpc_id)."
  type        = string
}

variable "subnet_ids" {
  description = "The private subnets for the control plane's interfaces and the nodes (network module output private_subnet_ids)."
  type        = list(string)
}

variable "system_instance_types" {
  description = "Instance types of the node group that runs the functions, Knative and Kafka's data plane."
  type        = list(string)
  default     = ["m7i.large"]
}

variable "system_min_size" {
  description = "Fewest nodes in the system node group; Knative's own components and a warm inference replica need at least two for availability."
  type        = number
  default     = 2
}

variable "system_max_size" {
  description = "Most nodes in the system node group."
  type        = number
  default     = 6
}

variable "gpu_instance_types" {
  description = "Instance types of the GPU node group (one NVIDIA GPU each is what the GPU inference Service asks for)."
  type        = list(string)
  default     = ["g6.xlarge"]
}

variable "gpu_max_size" {
  description = "Most GPU nodes; the group has none until a GPU pod is pending."
  type        = number
  default     = 2
}

variable "endpoint_public_access" {
  description = "Whether the API server is reachable from the internet (for a dev cluster driven from a laptop); production keeps it private."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource the module makes."
  type        = map(string)
  default     = {}
}
