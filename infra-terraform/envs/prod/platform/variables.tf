variable "region" {
  description = "The AWS region of the prod environment."
  type        = string
  default     = "eu-west-1"
}
