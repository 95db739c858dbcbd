# What runs in the prod cluster before kinetic deploy: for now the GPU nodes' scale-from-zero tags and
# device plugin. It reads the infra stack's outputs, so the infra stack is applied first.

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

module "gpu_nodes" {
  source = "../../../modules/gpu-nodes"

  autoscaling_group_name = data.terraform_remote_state.infra.outputs.gpu_node_group_autoscaling_group_name
}
