output "vpc_id" {
  description = "The VPC's ID."
  value       = module.vpc.vpc_id
}

output "private_subnet_ids" {
  description = "The private subnets, where the cluster's nodes and the Kafka brokers run."
  value       = module.vpc.private_subnets
}

output "public_subnet_ids" {
  description = "The public subnets, for internet-facing load balancers only."
  value       = module.vpc.public_subnets
}
