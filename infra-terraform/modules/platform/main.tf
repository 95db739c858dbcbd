# One environment's platform, what runs in its cluster before Kinetic: the GPU nodes' autoscaler
# and device plugin, optionally the Istio mesh, Knative with the Kafka broker (on the mesh's
# gateway when there is one, else Kourier), and the telemetry stack. The
# envs/<env>/platform stacks call it with their sizes, after their infra stack.

module "gpu_nodes" {
  source = "../gpu-nodes"

  cluster_name           = var.cluster_name
  kubernetes_version     = var.kubernetes_version
  region                 = var.region
  autoscaling_group_name = var.gpu_autoscaling_group_name
}

module "mesh" {
  source = "../mesh"
  count  = var.mesh ? 1 : 0
}

module "knative" {
  source = "../knative"

  ingress           = var.mesh ? "istio" : "kourier"
  sidecar_injection = var.mesh

  kafka_bootstrap    = var.kafka_bootstrap
  kafka_broker_count = var.kafka_broker_count
  topic_partitions   = var.topic_partitions
  topic_replication  = var.topic_replication
  region             = var.region

  depends_on = [module.mesh]
}

module "observability" {
  source = "../observability"

  collector_replicas = var.collector_replicas
  metrics_retention  = var.metrics_retention
}
