variable "namespace" {
  description = "The namespace of the collector, Prometheus, Grafana and Tempo; the cluster overlays send telemetry to otel-collector in it."
  type        = string
  default     = "observability"
}

variable "prometheus_stack_version" {
  description = "Version of the kube-prometheus-stack Helm chart (Prometheus 3, for its OTLP receiver)."
  type        = string
  default     = "88.3.0"
}

variable "collector_version" {
  description = "Version of the opentelemetry-collector Helm chart."
  type        = string
  default     = "0.142.0"
}

variable "tempo_version" {
  description = "Version of Grafana's tempo Helm chart (single binary)."
  type        = string
  default     = "1.16.0"
}

variable "collector_replicas" {
  description = "Collector replicas behind its Service; two or more keep telemetry flowing through a node's loss."
  type        = number
  default     = 1
}

variable "metrics_retention" {
  description = "How long Prometheus keeps samples, in Prometheus's duration syntax."
  type        = string
  default     = "15d"
}

variable "metrics_volume_gib" {
  description = "Size of Prometheus's volume."
  type        = number
  default     = 50
}

variable "traces_retention_hours" {
  description = "How long Tempo keeps traces."
  type        = number
  default     = 72
}

variable "traces_volume_gib" {
  description = "Size of Tempo's volume."
  type        = number
  default     = 20
}
