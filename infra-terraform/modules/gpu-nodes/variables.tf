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
