# The EKS cluster (terraform-aws-modules/eks v21): private endpoint by default, secrets encrypted
# with a KMS key the module makes, EKS Pod Identity for the functions' roles, a managed node group
# for everything that is not a GPU workload, and a GPU node group that is empty until a GPU pod
# waits (the gpu-nodes module gives the autoscaler what it needs to scale it from zero).

locals {
  # What the GPU inference Service selects and tolerates (knative overlays/prod/inference-gpu.yaml).
  gpu_label = { "nvidia.com/gpu.present" = "true" }
  gpu_taint = { key = "nvidia.com/gpu", value = "true", effect = "NO_SCHEDULE" }

  # IMDSv2 only, one hop: pods cannot reach the node's credentials.
  metadata_options = {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = var.name
  kubernetes_version = var.kubernetes_version
  vpc_id             = var.vpc_id
  subnet_ids         = var.subnet_ids

  endpoint_public_access                   = var.endpoint_public_access
  enable_cluster_creator_admin_permissions = true

  addons = {
    coredns    = {}
    kube-proxy = {}
    vpc-cni = {
      before_compute = true
    }
    # The functions' roles (identity module) are bound through Pod Identity.
    eks-pod-identity-agent = {
      before_compute = true
    }
  }

  eks_managed_node_groups = {
    system = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = var.system_instance_types
      min_size       = var.system_min_size
      max_size       = var.system_max_size
      desired_size   = var.system_min_size

      metadata_options = local.metadata_options
    }

    gpu = {
      # NVIDIA drivers and the container toolkit come with the AMI.
      ami_type       = "AL2023_x86_64_NVIDIA"
      instance_types = var.gpu_instance_types
      min_size       = 0
      max_size       = var.gpu_max_size
      desired_size   = 0

      labels = local.gpu_label
      taints = {
        gpu = local.gpu_taint
      }

      metadata_options = local.metadata_options
    }
  }

  tags = var.tags
}
