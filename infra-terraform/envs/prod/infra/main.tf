# The prod environment's infrastructure at its size (modules/environment wires the parts). The
# platform stack (the device plugin, Knative) is applied after this one.

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

locals {
  tags = {
    "kinetic.dev/environment" = "prod"
  }
}

module "environment" {
  source = "../../../modules/environment"

  name           = "kinetic-prod"
  account_suffix = var.account_suffix

  azs                        = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  single_nat_gateway         = false
  system_min_size            = 3
  system_max_size            = 10
  gpu_max_size               = 4
  endpoint_public_access     = false
  kafka_broker_count         = 3
  kafka_broker_instance_type = "kafka.m7g.large"
  kafka_volume_size_gib      = 200
  audit_retention_days       = 400
  tags                       = local.tags
}
