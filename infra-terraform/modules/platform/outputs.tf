output "knative_version" {
  description = "The Knative Serving and Eventing minor installed."
  value       = module.knative.knative_version
}

output "ingress_class" {
  description = "Knative Serving's ingress class."
  value       = module.knative.ingress_class
}

output "otlp_endpoint" {
  description = "Where functions send telemetry (the overlays' kinetic-telemetry ConfigMap)."
  value       = module.observability.otlp_endpoint
}

output "grafana" {
  description = "Grafana's Service and admin password Secret."
  value       = module.observability.grafana
}

output "device_plugin_version" {
  description = "The NVIDIA device plugin chart installed on the GPU nodes."
  value       = module.gpu_nodes.device_plugin_version
}
