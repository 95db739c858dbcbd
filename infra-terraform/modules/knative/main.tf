# Knative in the cluster, through its operator: Serving with the flags the GPU inference Service
# needs, Eventing with OIDC-authenticated deliveries, and the Kafka broker on MSK with IAM as the
# default Broker class. The resources themselves are computed in modules/knative-config (tested
# offline); this module applies them and waits until Knative says they are Ready.

module "config" {
  source = "../knative-config"

  knative_version       = var.knative_version
  kafka_broker_release  = var.kafka_broker_release
  ingress               = var.ingress
  kafka_bootstrap       = var.kafka_bootstrap
  kafka_broker_count    = var.kafka_broker_count
  topic_partitions      = var.topic_partitions
  topic_replication     = var.topic_replication
  topic_retention_hours = var.topic_retention_hours
  region                = var.region
}

resource "helm_release" "operator" {
  name             = "knative-operator"
  repository       = "https://knative.github.io/operator"
  chart            = "knative-operator"
  version          = var.operator_version
  namespace        = "knative-operator"
  create_namespace = true
  wait             = true
}

resource "kubernetes_namespace_v1" "knative" {
  for_each = toset(["knative-serving", "knative-eventing"])

  metadata {
    name = each.key
    # With the mesh, the activator and the Kafka broker's data plane get sidecars: they deliver to
    # function pods that accept only mutual TLS.
    labels = var.sidecar_injection ? { "istio-injection" = "enabled" } : {}
  }
}

# kafka-broker-config names this Secret: the Kafka control plane uses MSK IAM with it when it
# makes a Broker's topic. The data plane's pods get AWS credentials from the Pod Identity
# associations of the infra stack's kafka module.
resource "kubernetes_secret_v1" "kafka_auth" {
  metadata {
    name      = module.config.kafka_auth_secret.name
    namespace = kubernetes_namespace_v1.knative["knative-eventing"].metadata[0].name
  }

  data = module.config.kafka_auth_secret.data
}

# The operator installs each and reports Ready once every Knative deployment is available.
resource "kubectl_manifest" "knative" {
  for_each = {
    serving  = module.config.knative_serving
    eventing = module.config.knative_eventing
  }

  yaml_body         = yamlencode(each.value)
  server_side_apply = true
  field_manager     = "kinetic-terraform"

  wait_for {
    condition {
      type   = "Ready"
      status = "True"
    }
  }

  timeouts {
    create = var.ready_timeout
    update = var.ready_timeout
  }

  depends_on = [
    helm_release.operator,
    kubernetes_namespace_v1.knative,
    kubernetes_secret_v1.kafka_auth,
  ]
}
