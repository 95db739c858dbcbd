# The prod environment's infrastructure: network, cluster (with its GPU node group), Kafka, model
# store and the functions' roles. The platform stack (Knative, the device plugin) is applied after this one.

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

locals {
  name = "kinetic-prod"
  tags = {
    "kinetic.dev/environment" = "prod"
  }
}

module "network" {
  source = "../../../modules/network"

  name               = local.name
  azs                = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  cluster_name       = local.name
  single_nat_gateway = false
  tags               = local.tags
}

module "cluster" {
  source = "../../../modules/cluster"

  name                   = local.name
  vpc_id                 = module.network.vpc_id
  subnet_ids             = module.network.private_subnet_ids
  system_min_size        = 3
  system_max_size        = 10
  gpu_max_size           = 4
  endpoint_public_access = false
  tags                   = local.tags
}

module "kafka" {
  source = "../../../modules/kafka"

  name                      = local.name
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.private_subnet_ids
  client_security_group_ids = [module.cluster.node_security_group_id]
  cluster_name              = module.cluster.cluster_name
  broker_count              = 3
  broker_instance_type      = "kafka.m7g.large"
  volume_size_gib           = 200
  tags                      = local.tags
}

module "model_store" {
  source = "../../../modules/model-store"

  name                 = "${local.name}-models-${var.account_suffix}"
  audit_retention_days = 400
  tags                 = local.tags
}

module "identity" {
  source = "../../../modules/identity"

  cluster_name = module.cluster.cluster_name
  bucket_arn   = module.model_store.bucket_arn
  kms_key_arn  = module.model_store.kms_key_arn
  name_prefix  = local.name
  tags         = local.tags
}
