variable "istio_version" {
  description = "Istio's release; the base, istiod and gateway charts share it."
  type        = string
  default     = "1.29.2"

  validation {
    condition     = can(regex("^1\\.[0-9]+\\.[0-9]+$", var.istio_version))
    error_message = "istio_version is a release such as 1.29.2."
  }
}

variable "istiod_replicas" {
  description = "istiod replicas: sidecars keep their config while istiod is away, but new pods (every scale from zero) need it for their certificates."
  type        = number
  default     = 2
}
