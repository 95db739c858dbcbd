output "knative_serving" {
  description = "The KnativeServing resource: version, ingress, and the config-features flags GPU scheduling needs."
  value       = local.knative_serving
}

output "knative_eventing" {
  description = "The KnativeEventing resource: version, the Kafka broker's manifests, OIDC deliveries, Kafka as the default Broker class, and the data plane's client properties."
  value       = local.knative_eventing
}

output "kafka_broker_config" {
  description = "The data of ConfigMap knative-eventing/kafka-broker-config, which the Kinetic Broker names as its config."
  value       = local.kafka_broker_config
}

output "kafka_auth_secret" {
  description = "Name and data of the Secret in knative-eventing that tells the Kafka control plane to use MSK IAM."
  value = {
    name = local.kafka_auth_secret
    data = local.kafka_auth
  }
}

output "gpu_scheduling_features" {
  description = "The Serving feature flags that let a Knative Service choose GPU nodes."
  value       = local.gpu_scheduling_features
}
