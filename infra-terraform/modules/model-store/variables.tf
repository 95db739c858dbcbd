variable "name" {
  description = "The bucket's name, globally unique, e.g. kinetic-models-prod-123456789012."
  type        = string
}

variable "archive_after_days" {
  description = "Days after which objects under archive/ (versions the registry retired) move to Glacier Flexible Retrieval."
  type        = number
  default     = 30

  validation {
    condition     = var.archive_after_days >= 1
    error_message = "archive_after_days must be at least 1."
  }
}

variable "audit_retention_days" {
  description = "Days the decision log (audit/) is kept; what a regulator asks for. Objects older than this are deleted."
  type        = number
  default     = 400

  validation {
    condition     = var.audit_retention_days >= 30
    error_message = "audit_retention_days must be at least 30: the drift and feedback joins read the last weeks of it."
  }
}

variable "noncurrent_version_days" {
  description = "Days an overwritten or deleted object version is kept before it expires (versioning's undo window)."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource the module makes."
  type        = map(string)
  default     = {}
}
