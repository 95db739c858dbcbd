# What Knative looks like in a Kinetic cluster, as data: the KnativeServing and KnativeEventing
# resources the operator reconciles, the Kafka broker's config, and the data plane's client
# properties for MSK's IAM authentication. No provider: modules/knative applies it, and
# terraform test checks it offline.

locals {
  kafka_auth_secret = "kafka-msk-iam"

  # Knative Serving refuses nodeSelector, tolerations and affinity in a Service unless these are
  # enabled cluster-wide; the GPU inference Service needs all three.
  gpu_scheduling_features = {
    "kubernetes.podspec-nodeselector" = "enabled"
    "kubernetes.podspec-tolerations"  = "enabled"
    "kubernetes.podspec-affinity"     = "enabled"
  }

  ingress_class = {
    kourier = "kourier.ingress.networking.knative.dev"
    istio   = "istio.ingress.networking.knative.dev"
  }

  knative_serving = {
    apiVersion = "operator.knative.dev/v1beta1"
    kind       = "KnativeServing"
    metadata   = { name = "knative-serving", namespace = "knative-serving" }
    spec = {
      version = var.knative_version
      ingress = {
        kourier = { enabled = var.ingress == "kourier" }
        istio   = { enabled = var.ingress == "istio" }
      }
      config = {
        network  = { "ingress-class" = local.ingress_class[var.ingress] }
        features = local.gpu_scheduling_features
        # GPU revisions wait for a node to be made and the image pulled.
        deployment = { "progress-deadline" = "900s" }
        autoscaler = { "enable-scale-to-zero" = "true" }
      }
    }
  }

  # The Kafka broker's controller and data plane, from the release matching Eventing's minor.
  kafka_broker_manifests = [
    for file in ["eventing-kafka-controller.yaml", "eventing-kafka-broker.yaml"] :
    { URL = "https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v${var.kafka_broker_release}/${file}" }
  ]

  knative_eventing = {
    apiVersion = "operator.knative.dev/v1beta1"
    kind       = "KnativeEventing"
    metadata   = { name = "knative-eventing", namespace = "knative-eventing" }
    spec = {
      version             = var.knative_version
      additionalManifests = local.kafka_broker_manifests
      config = {
        # Deliveries carry OIDC tokens for their subscriber's audience; brokers take only
        # authenticated events.
        "config-features" = { "authentication-oidc" = "enabled" }
        # A Broker without a class is a Kafka Broker on the shared data plane.
        "config-br-defaults" = {
          "default-br-config" = yamlencode({
            clusterDefault = {
              brokerClass = "Kafka"
              apiVersion  = "v1"
              kind        = "ConfigMap"
              name        = "kafka-broker-config"
              namespace   = "knative-eventing"
            }
          })
        }
        # The release ships its own kafka-broker-config (a placeholder bootstrap): set through
        # the operator, ours is what it reconciles to.
        "kafka-broker-config" = local.kafka_broker_config
        "config-kafka-broker-data-plane" = {
          "config-kafka-broker-producer.properties" = local.producer_properties
          "config-kafka-broker-consumer.properties" = local.consumer_properties
        }
      }
    }
  }

  kafka_broker_config = {
    "bootstrap.servers"                        = var.kafka_bootstrap
    "default.topic.partitions"                 = tostring(var.topic_partitions)
    "default.topic.replication.factor"         = tostring(var.topic_replication)
    "default.topic.config.retention.ms"        = tostring(var.topic_retention_hours * 3600 * 1000)
    "default.topic.config.min.insync.replicas" = tostring(max(1, var.topic_replication - 1))
    "auth.secret.ref.name"                     = local.kafka_auth_secret
  }

  # The control plane's MSK IAM credentials: the AWS default chain, which on EKS is Pod Identity.
  kafka_auth = {
    "protocol"       = "SASL_SSL"
    "sasl.mechanism" = "OAUTHBEARER"
    "type"           = "OAUTHBEARER"
    "tokenProvider"  = "MSKAccessTokenProvider"
  }

  msk_iam = <<-EOT
    security.protocol=SASL_SSL
    sasl.mechanism=OAUTHBEARER
    sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required awsStsRegion="${var.region}";
    sasl.login.callback.handler.class=software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler
    sasl.client.callback.handler.class=software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler
  EOT

  # The release's defaults with two changes: idempotent producers (no duplicate on a retried
  # send) and MSK IAM over TLS in place of PLAINTEXT.
  producer_properties = <<-EOT
    key.serializer=org.apache.kafka.common.serialization.StringSerializer
    value.serializer=io.cloudevents.kafka.CloudEventSerializer
    acks=all
    enable.idempotence=true
    max.in.flight.requests.per.connection=5
    retries=100
    delivery.timeout.ms=120000
    request.timeout.ms=30000
    linger.ms=0
    batch.size=16384
    buffer.memory=33554432
    max.block.ms=60000
    max.request.size=1048576
    client.dns.lookup=use_all_dns_ips
    connections.max.idle.ms=600000
    metadata.max.age.ms=300000
    reconnect.backoff.ms=50
    reconnect.backoff.max.ms=1000
    retry.backoff.ms=100
    ${local.msk_iam}
  EOT

  consumer_properties = <<-EOT
    key.deserializer=org.apache.kafka.common.serialization.StringDeserializer
    value.deserializer=io.cloudevents.kafka.CloudEventDeserializer
    enable.auto.commit=false
    auto.offset.reset=earliest
    allow.auto.create.topics=false
    isolation.level=read_uncommitted
    fetch.min.bytes=1
    fetch.max.bytes=5428800
    fetch.max.wait.ms=500
    max.partition.fetch.bytes=1048576
    max.poll.interval.ms=300000
    max.poll.records=500
    heartbeat.interval.ms=3000
    session.timeout.ms=10000
    request.timeout.ms=30000
    default.api.timeout.ms=60000
    client.dns.lookup=use_all_dns_ips
    connections.max.idle.ms=540000
    metadata.max.age.ms=600000
    reconnect.backoff.max.ms=1000
    retry.backoff.ms=100
    ${local.msk_iam}
  EOT
}
