variable "name_prefix" {
  description = "Prefix of the repositories' names: <prefix>/kinetic-<image>."
  type        = string
}

variable "images" {
  description = "The images Kinetic deploys, one repository each: the functions, and inference's GPU build."
  type        = list(string)
  default     = ["kinetic-ingest", "kinetic-train", "kinetic-registry", "kinetic-inference", "kinetic-inference-gpu", "kinetic-audit", "kinetic-drift"]
}

variable "untagged_days" {
  description = "Days after which an untagged image (a tag moved away from it) is deleted."
  type        = number
  default     = 14
}

variable "tags" {
  description = "Tags on every repository."
  type        = map(string)
  default     = {}
}
