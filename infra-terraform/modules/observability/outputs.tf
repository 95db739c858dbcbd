output "otlp_endpoint" {
  description = "Where functions send OTLP over HTTP: OTEL_EXPORTER_OTLP_ENDPOINT in the cluster overlays' kinetic-telemetry ConfigMap."
  value       = "http://${local.collector}.${var.namespace}.svc.cluster.local:4318"
}

output "grafana" {
  description = "How to reach Grafana: its Service, and the Secret holding the generated admin password."
  value = {
    service      = "${var.namespace}/kube-prometheus-stack-grafana"
    admin_secret = "${var.namespace}/kube-prometheus-stack-grafana"
  }
}

output "dashboards" {
  description = "The Grafana dashboards installed, by file."
  value       = sort(keys(kubernetes_config_map_v1.dashboards))
}
