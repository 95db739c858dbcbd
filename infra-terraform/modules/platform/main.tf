# One environment's platform, what runs in its cluster before Kinetic: the GPU nodes' autoscaler
# and device plugin, Knative with the Kafka broker, and the telemetry stack. The
# envs/<env>/platform stacks call it with their sizes, after their infra stack.

module "gpu_nodes" {
  source = "../gpu-nodes"

  cluster_name           = var.cluster_name
  kubernetes_version     = var.kubernetes_version
  region                 = var.region
  autoscaling_group_name = var.gpu_autoscaling_group_name
}

module "knative" {
  source = "../knative"

  kafka_bootstrap    = var.kafka_bootstrap
  kafka_broker_count = var.kafka_broker_count
  topic_partitions   = var.topic_partitions
  topic_replication  = var.topic_replication
  region             = var.region
}

module "observability" {
  source = "../observability"

  collector_replicas = var.collector_replicas
  metrics_retention  = var.metrics_retention
}
