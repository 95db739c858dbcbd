# The dev environment's infrastructure: network, cluster (with its GPU node group), Kafka, model
# store and the functions' roles. The platform stack (Knative, the device plugin) is applied after this one.

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

locals {
  name = "kinetic-dev"
  tags = {
    "kinetic.dev/environment" = "dev"
  }
}

module "network" {
  source = "../../../modules/network"

  name               = local.name
  azs                = ["eu-west-1a", "eu-west-1b"]
  cluster_name       = local.name
  single_nat_gateway = true
  tags               = local.tags
}

module "cluster" {
  source = "../../../modules/cluster"

  name                   = local.name
  vpc_id                 = module.network.vpc_id
  subnet_ids             = module.network.private_subnet_ids
  system_min_size        = 1
  system_max_size        = 3
  gpu_max_size           = 1
  endpoint_public_access = true
  tags                   = local.tags
}

module "kafka" {
  source = "../../../modules/kafka"

  name                      = local.name
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.private_subnet_ids
  client_security_group_ids = [module.cluster.node_security_group_id]
  cluster_name              = module.cluster.cluster_name
  broker_count              = 2
  broker_instance_type      = "kafka.t3.small"
  volume_size_gib           = 20
  tags                      = local.tags
}

module "model_store" {
  source = "../../../modules/model-store"

  name                 = "${local.name}-models-${var.account_suffix}"
  audit_retention_days = 30
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
