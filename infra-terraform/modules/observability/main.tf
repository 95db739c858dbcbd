# Telemetry for the functions: they send OTLP to one collector, which passes metrics to
# Prometheus (its OTLP receiver) and traces to Tempo; Grafana shows both, with Kinetic's
# dashboards (dashboards/*.json) loaded by its sidecar.

locals {
  collector  = "otel-collector"
  prometheus = "http://kube-prometheus-stack-prometheus.${var.namespace}.svc.cluster.local:9090"
  tempo      = "tempo.${var.namespace}.svc.cluster.local"
}

resource "kubernetes_namespace_v1" "observability" {
  metadata {
    name = var.namespace
  }
}

resource "helm_release" "prometheus_stack" {
  name       = "kube-prometheus-stack"
  repository = "https://prometheus-community.github.io/helm-charts"
  chart      = "kube-prometheus-stack"
  version    = var.prometheus_stack_version
  namespace  = kubernetes_namespace_v1.observability.metadata[0].name

  values = [yamlencode({
    prometheus = {
      prometheusSpec = {
        enableOTLPReceiver = true
        retention          = var.metrics_retention
        # Pick up every ServiceMonitor (Knative's, the GPU exporters'), not only this release's.
        serviceMonitorSelectorNilUsesHelmValues = false
        podMonitorSelectorNilUsesHelmValues     = false
        storageSpec = {
          volumeClaimTemplate = {
            spec = {
              accessModes = ["ReadWriteOnce"]
              resources   = { requests = { storage = "${var.metrics_volume_gib}Gi" } }
            }
          }
        }
      }
    }
    grafana = {
      # The admin password is generated into the Secret named in this module's grafana output.
      sidecar = {
        dashboards = {
          enabled          = true
          label            = "grafana_dashboard"
          labelValue       = "1"
          folderAnnotation = "grafana_folder"
          provider         = { foldersFromFilesStructure = true }
        }
      }
      additionalDataSources = [{
        name   = "Tempo"
        uid    = "tempo"
        type   = "tempo"
        access = "proxy"
        url    = "http://${local.tempo}:3200"
      }]
    }
  })]
}

resource "helm_release" "tempo" {
  name       = "tempo"
  repository = "https://grafana.github.io/helm-charts"
  chart      = "tempo"
  version    = var.tempo_version
  namespace  = kubernetes_namespace_v1.observability.metadata[0].name

  values = [yamlencode({
    tempo = {
      retention = "${var.traces_retention_hours}h"
      receivers = {
        otlp = {
          protocols = {
            grpc = { endpoint = "0.0.0.0:4317" }
          }
        }
      }
    }
    persistence = {
      enabled = true
      size    = "${var.traces_volume_gib}Gi"
    }
  })]
}

resource "helm_release" "collector" {
  name       = local.collector
  repository = "https://open-telemetry.github.io/opentelemetry-helm-charts"
  chart      = "opentelemetry-collector"
  version    = var.collector_version
  namespace  = kubernetes_namespace_v1.observability.metadata[0].name

  values = [yamlencode({
    mode             = "deployment"
    fullnameOverride = local.collector
    replicaCount     = var.collector_replicas
    image            = { repository = "otel/opentelemetry-collector-k8s" }
    # Pod, namespace and node of each sender, for finding the replica behind a slow trace.
    presets = { kubernetesAttributes = { enabled = true } }
    config = {
      exporters = {
        "otlphttp/prometheus" = {
          metrics_endpoint = "${local.prometheus}/api/v1/otlp/v1/metrics"
        }
        "otlp/tempo" = {
          endpoint = "${local.tempo}:4317"
          tls      = { insecure = true }
        }
      }
      service = {
        pipelines = {
          metrics = {
            receivers  = ["otlp"]
            processors = ["k8sattributes", "memory_limiter", "batch"]
            exporters  = ["otlphttp/prometheus"]
          }
          traces = {
            receivers  = ["otlp"]
            processors = ["k8sattributes", "memory_limiter", "batch"]
            exporters  = ["otlp/tempo"]
          }
        }
      }
    }
  })]

  depends_on = [helm_release.prometheus_stack, helm_release.tempo]
}

# Each dashboard in its own ConfigMap, which Grafana's sidecar loads into the Kinetic folder.
resource "kubernetes_config_map_v1" "dashboards" {
  for_each = fileset("${path.module}/dashboards", "*.json")

  metadata {
    name        = "grafana-${trimsuffix(each.value, ".json")}"
    namespace   = kubernetes_namespace_v1.observability.metadata[0].name
    labels      = { grafana_dashboard = "1" }
    annotations = { grafana_folder = "Kinetic" }
  }

  data = zipmap([each.value], [file("${path.module}/dashboards/${each.value}")])
}
