# What runs in the dev cluster before kinetic deploy (modules/platform): the GPU nodes'
# autoscaler and device plugin, Knative with the Kafka broker on MSK, and the telemetry stack. It
# reads the infra stack's outputs from its state, so the infra stack is applied first.

data "terraform_remote_state" "infra" {
  backend = "s3"

  config = {
    bucket = "kinetic-terraform-state"
    key    = "dev/infra.tfstate"
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

  topic_partitions   = 4
  topic_replication  = 2
  collector_replicas = 1
  # No mesh: Kourier, and pods talk plain HTTP inside the cluster (the dev overlay has no mesh
  # component).
  mesh              = false
  metrics_retention = "7d"
}
