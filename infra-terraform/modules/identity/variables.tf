variable "cluster_name" {
  description = "The EKS cluster whose pods assume the roles (EKS Pod Identity; the eks-pod-identity-agent add-on must run)."
  type        = string
}

variable "namespace" {
  description = "The namespace the functions run in."
  type        = string
  default     = "kinetic"
}

variable "bucket_arn" {
  description = "The model store's ARN (model-store module output bucket_arn)."
  type        = string
}

variable "kms_key_arn" {
  description = "The model store's KMS key (model-store module output kms_key_arn)."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of the IAM role names, e.g. kinetic-prod; a role is <prefix>-<function>."
  type        = string
}

variable "tags" {
  description = "Tags for every resource the module makes."
  type        = map(string)
  default     = {}
}
