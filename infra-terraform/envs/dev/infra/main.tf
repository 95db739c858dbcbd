# The dev environment's infrastructure at its size (modules/environment wires the parts). The
# platform stack (the device plugin, Knative) is applied after this one.

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

locals {
  tags = {
    "kinetic.dev/environment" = "dev"
  }
}

module "environment" {
  source = "../../../modules/environment"

  name           = "kinetic-dev"
  account_suffix = var.account_suffix

  azs                        = ["eu-west-1a", "eu-west-1b"]
  single_nat_gateway         = true
  system_min_size            = 1
  system_max_size            = 3
  gpu_max_size               = 1
  endpoint_public_access     = true
  kafka_broker_count         = 2
  kafka_broker_instance_type = "kafka.t3.small"
  kafka_volume_size_gib      = 20
  audit_retention_days       = 30
  tags                       = local.tags
}
