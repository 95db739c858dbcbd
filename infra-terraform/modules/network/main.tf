# The VPC the cluster runs in: nodes in private subnets, reaching out through NAT; public subnets
# hold only the NAT gateways and internet-facing load balancers.

locals {
  # A /20 per private subnet (4,096 addresses: pods take VPC addresses with the VPC CNI), a /24 per
  # public one.
  private_subnets = [for index, zone in var.azs : cidrsubnet(var.cidr, 4, index)]
  public_subnets  = [for index, zone in var.azs : cidrsubnet(var.cidr, 8, 240 + index)]
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 6.0"

  name = var.name
  cidr = var.cidr
  azs  = var.azs

  private_subnets = local.private_subnets
  public_subnets  = local.public_subnets

  enable_nat_gateway     = true
  single_nat_gateway     = var.single_nat_gateway
  one_nat_gateway_per_az = !var.single_nat_gateway
  enable_dns_hostnames   = true

  private_subnet_tags = {
    "kubernetes.io/role/internal-elb" = "1"
    "karpenter.sh/discovery"          = var.cluster_name
  }
  public_subnet_tags = {
    "kubernetes.io/role/elb" = "1"
  }

  tags = var.tags
}
