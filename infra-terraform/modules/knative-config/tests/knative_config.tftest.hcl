# Offline checks of what Kinetic asks of Knative (no provider needed): terraform test.

variables {
  kafka_bootstrap    = "b-1.kinetic.kafka.eu-west-1.amazonaws.com:9098,b-2.kinetic.kafka.eu-west-1.amazonaws.com:9098"
  kafka_broker_count = 3
  region             = "eu-west-1"
}

run "gpu_services_may_choose_their_nodes" {
  command = plan

  assert {
    condition = alltrue([
      for flag in ["kubernetes.podspec-nodeselector", "kubernetes.podspec-tolerations", "kubernetes.podspec-affinity"] :
      output.knative_serving.spec.config.features[flag] == "enabled"
    ])
    error_message = "Knative rejects the GPU inference Service without the nodeselector, tolerations and affinity flags."
  }

  assert {
    condition     = output.knative_serving.spec.version == "1.21" && output.knative_eventing.spec.version == "1.21"
    error_message = "Serving and Eventing are pinned to the same minor."
  }

  assert {
    condition     = output.knative_serving.spec.ingress.kourier.enabled && !output.knative_serving.spec.ingress.istio.enabled
    error_message = "Kourier is the default networking layer, and only one is enabled."
  }

  assert {
    condition     = output.knative_serving.spec.config.network["ingress-class"] == "kourier.ingress.networking.knative.dev"
    error_message = "The ingress class matches the enabled networking layer."
  }
}

run "istio_switches_the_ingress_class_too" {
  command = plan

  variables {
    ingress = "istio"
  }

  assert {
    condition     = output.knative_serving.spec.config.network["ingress-class"] == "istio.ingress.networking.knative.dev" && output.knative_serving.spec.ingress.istio.enabled
    error_message = "With istio, Serving uses net-istio's ingress class."
  }
}

run "the_kafka_broker_is_the_default_on_msk_with_iam" {
  command = plan

  assert {
    condition     = output.kafka_broker_config["bootstrap.servers"] == var.kafka_bootstrap
    error_message = "kafka-broker-config points at the Kafka bootstrap."
  }

  assert {
    condition     = output.knative_eventing.spec.config["kafka-broker-config"] == output.kafka_broker_config
    error_message = "The operator, which would put the release's placeholder config back, sets kafka-broker-config."
  }

  assert {
    condition     = output.kafka_broker_config["auth.secret.ref.name"] == output.kafka_auth_secret.name && output.kafka_auth_secret.data.tokenProvider == "MSKAccessTokenProvider"
    error_message = "The control plane authenticates with MSK IAM through the Secret the config names."
  }

  assert {
    condition = alltrue([
      for file in ["config-kafka-broker-producer.properties", "config-kafka-broker-consumer.properties"] :
      strcontains(output.knative_eventing.spec.config["config-kafka-broker-data-plane"][file], "awsStsRegion=\"eu-west-1\"")
      && strcontains(output.knative_eventing.spec.config["config-kafka-broker-data-plane"][file], "security.protocol=SASL_SSL")
      && !strcontains(output.knative_eventing.spec.config["config-kafka-broker-data-plane"][file], "PLAINTEXT")
    ])
    error_message = "The data plane's producers and consumers use MSK IAM over TLS in the cluster's region."
  }

  assert {
    condition     = strcontains(output.knative_eventing.spec.config["config-kafka-broker-data-plane"]["config-kafka-broker-consumer.properties"], "enable.auto.commit=false")
    error_message = "The dispatcher commits offsets itself, after delivery."
  }

  assert {
    condition     = yamldecode(output.knative_eventing.spec.config["config-br-defaults"]["default-br-config"]).clusterDefault.brokerClass == "Kafka"
    error_message = "A Broker without a class is a Kafka Broker."
  }

  assert {
    condition     = output.knative_eventing.spec.config["config-features"]["authentication-oidc"] == "enabled"
    error_message = "Deliveries are authenticated with Eventing OIDC, as the functions expect."
  }

  assert {
    condition = output.knative_eventing.spec.additionalManifests == [
      { URL = "https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v1.21.0/eventing-kafka-controller.yaml" },
      { URL = "https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v1.21.0/eventing-kafka-broker.yaml" },
    ]
    error_message = "The Kafka broker's controller, then its data plane, from the pinned release."
  }
}

run "topics_are_sized_to_the_cluster" {
  command = plan

  variables {
    kafka_broker_count    = 2
    topic_replication     = 2
    topic_retention_hours = 24
  }

  assert {
    condition     = output.kafka_broker_config["default.topic.replication.factor"] == "2" && output.kafka_broker_config["default.topic.config.min.insync.replicas"] == "1"
    error_message = "Two replicas, one of which may be down."
  }

  assert {
    condition     = output.kafka_broker_config["default.topic.config.retention.ms"] == "86400000"
    error_message = "Retention is given in hours and written in milliseconds."
  }
}

run "more_replicas_than_brokers_is_refused" {
  command = plan

  variables {
    kafka_broker_count = 2
    topic_replication  = 3
  }

  expect_failures = [var.topic_replication]
}

run "a_version_with_a_patch_is_refused" {
  command = plan

  variables {
    knative_version = "1.21.1"
  }

  expect_failures = [var.knative_version]
}

run "an_unknown_ingress_is_refused" {
  command = plan

  variables {
    ingress = "contour"
  }

  expect_failures = [var.ingress]
}
