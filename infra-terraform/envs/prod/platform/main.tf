# What runs in the prod cluster before kinetic deploy (modules/platform): the GPU nodes'
# autoscaler and device plugin, the Istio mesh, Knative with the Kafka broker on MSK, and the
# telemetry stack. It reads the infra stack's outputs from its state, so the infra stack is
# applied first.

data "terraform_remote_state" "infra" {
  backend = "s3"

  config = {
    bucket = "kinetic-terraform-state"
    key    = "prod/infra.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region = var.region
}

provider "helm" {
  kubernetes = {
    host                   = data.terraform_remote_state.infra.outputs.cluster_endpoint
    cluster_ca_certificate = base64decode(data.terraform_remote_state.infra.outputs.cluster_certificate_authority_data)
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", data.terraform_remote_state.infra.outputs.cluster_name]
    }
  }
}

provider "kubernetes" {
  host                   = data.terraform_remote_state.infra.outputs.cluster_endpoint
  cluster_ca_certificate = base64decode(data.terraform_remote_state.infra.outputs.cluster_certificate_authority_data)

  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", data.terraform_remote_state.infra.outputs.cluster_name]
  }
}

provider "kubectl" {
  host                   = data.terraform_remote_state.infra.outputs.cluster_endpoint
  cluster_ca_certificate = base64decode(data.terraform_remote_state.infra.outputs.cluster_certificate_authority_data)
  load_config_file       = false

  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", data.terraform_remote_state.infra.outputs.cluster_name]
  }
}

module "platform" {
  source = "../../../modules/platform"

  cluster_name               = data.terraform_remote_state.infra.outputs.cluster_name
  kubernetes_version         = data.terraform_remote_state.infra.outputs.kubernetes_version
  region                     = var.region
  gpu_autoscaling_group_name = data.terraform_remote_state.infra.outputs.gpu_node_group_autoscaling_group_name
  kafka_bootstrap            = data.terraform_remote_state.infra.outputs.kafka_bootstrap
  kafka_broker_count         = data.terraform_remote_state.infra.outputs.kafka_broker_count

  topic_partitions   = 12
  topic_replication  = 3
  collector_replicas = 2
  metrics_retention  = "30d"

  # Mutual TLS between all pods, and an AuthorizationPolicy per function (the prod overlay's mesh
  # component): Istio, with its gateway as Knative's ingress.
  mesh = true
}
