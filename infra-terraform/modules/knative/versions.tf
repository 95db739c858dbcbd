terraform {
  required_version = ">= 1.9"

  required_providers {
    helm = {
      source  = "hashicorp/helm"
      version = ">= 3.0, < 4.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.36, < 3.0"
    }
    # The KnativeServing and KnativeEventing kinds come with the operator's chart in the same
    # apply; kubectl_manifest, unlike kubernetes_manifest, does not look them up at plan time.
    kubectl = {
      source  = "alekc/kubectl"
      version = ">= 2.1, < 3.0"
    }
  }
}
