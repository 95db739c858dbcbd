output "knative_version" {
  description = "The Serving and Eventing minor installed."
  value       = var.knative_version
}

output "kafka_broker_config" {
  description = "The ConfigMap (namespace/name) the Kinetic Broker names as its config."
  value       = "knative-eventing/kafka-broker-config"
}

output "ingress_class" {
  description = "Serving's ingress class, for anything else that routes to Knative Services."
  value       = module.config.knative_serving.spec.config.network["ingress-class"]
}
