variable "region" {
  description = "The AWS region of the dev environment."
  type        = string
  default     = "eu-west-1"
}
