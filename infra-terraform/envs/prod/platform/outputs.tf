output "device_plugin_version" {
  description = "The NVIDIA device plugin chart installed on the GPU nodes."
  value       = module.gpu_nodes.device_plugin_version
}
