variable "autoscaling_group_name" {
  description = "The GPU node group's Auto Scaling group (cluster module output gpu_node_group_autoscaling_group_name); a managed node group has one."
  type        = string
}

variable "gpus_per_node" {
  description = "NVIDIA GPUs on each node of the group's instance type, which the autoscaler must know before a node exists."
  type        = number
  default     = 1
}

variable "device_plugin_version" {
  description = "Version of NVIDIA's k8s-device-plugin Helm chart."
  type        = string
  default     = "0.17.1"
}

variable "cluster_name" {
  description = "The EKS cluster (infra output cluster_name) whose node groups the Cluster Autoscaler resizes."
  type        = string
}

variable "kubernetes_version" {
  description = "The cluster's Kubernetes minor, e.g. 1.33; the autoscaler's image is of the same minor."
  type        = string
  default     = "1.33"
}

variable "region" {
  description = "The cluster's AWS region."
  type        = string
}

variable "autoscaler_chart_version" {
  description = "Version of the cluster-autoscaler Helm chart."
  type        = string
  default     = "9.53.0"
}

variable "scale_down_unneeded_time" {
  description = "How long a node stays unneeded before the autoscaler removes it."
  type        = string
  default     = "5m"
}
