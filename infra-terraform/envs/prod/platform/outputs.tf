output "knative_version" {
  description = "The Knative Serving and Eventing minor installed."
  value       = module.platform.knative_version
}

output "ingress_class" {
  description = "Knative Serving's ingress class."
  value       = module.platform.ingress_class
}

output "otlp_endpoint" {
  description = "Where functions send telemetry: the overlays' kinetic-telemetry ConfigMap."
  value       = module.platform.otlp_endpoint
}

output "grafana" {
  description = "Grafana's Service and the Secret with its admin password."
  value       = module.platform.grafana
}

output "device_plugin_version" {
  description = "The NVIDIA device plugin chart installed on the GPU nodes."
  value       = module.platform.device_plugin_version
}
