variable "name" {
  description = "Name of the VPC and prefix of its subnets, e.g. kinetic-prod."
  type        = string
}

variable "cidr" {
  description = "The VPC's IPv4 range."
  type        = string
  default     = "10.40.0.0/16"
}

variable "azs" {
  description = "Availability zones to spread the subnets over; three for production."
  type        = list(string)
}

variable "cluster_name" {
  description = "The EKS cluster that will use the subnets: they are tagged for its load balancers and for Karpenter discovery."
  type        = string
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, for dev) instead of one per zone (for production)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource the module makes."
  type        = map(string)
  default     = {}
}
