variable "region" {
  description = "The AWS region of the prod environment."
  type        = string
  default     = "eu-west-1"
}

variable "account_suffix" {
  description = "A suffix that makes the model store's bucket name globally unique, e.g. the AWS account ID."
  type        = string
}
