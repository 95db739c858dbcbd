# One environment's infrastructure: network, cluster (with its GPU node group), Kafka, model store,
# the functions' roles and the image repositories, wired together. The envs/<env>/infra stacks
# call it with their sizes.

module "network" {
  source = "../network"

  name               = var.name
  azs                = var.azs
  cluster_name       = var.name
  single_nat_gateway = var.single_nat_gateway
  tags               = var.tags
}

module "cluster" {
  source = "../cluster"

  name                   = var.name
  vpc_id                 = module.network.vpc_id
  subnet_ids             = module.network.private_subnet_ids
  system_min_size        = var.system_min_size
  system_max_size        = var.system_max_size
  gpu_max_size           = var.gpu_max_size
  endpoint_public_access = var.endpoint_public_access
  tags                   = var.tags
}

module "kafka" {
  source = "../kafka"

  name                      = var.name
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.private_subnet_ids
  client_security_group_ids = [module.cluster.node_security_group_id]
  cluster_name              = module.cluster.cluster_name
  broker_count              = var.kafka_broker_count
  broker_instance_type      = var.kafka_broker_instance_type
  volume_size_gib           = var.kafka_volume_size_gib
  tags                      = var.tags
}

module "model_store" {
  source = "../model-store"

  name                 = "${var.name}-models-${var.account_suffix}"
  audit_retention_days = var.audit_retention_days
  tags                 = var.tags
}

module "identity" {
  source = "../identity"

  cluster_name = module.cluster.cluster_name
  bucket_arn   = module.model_store.bucket_arn
  kms_key_arn  = module.model_store.kms_key_arn
  name_prefix  = var.name
  tags         = var.tags
}

module "images" {
  source = "../images"

  name_prefix = var.name
  tags        = var.tags
}
