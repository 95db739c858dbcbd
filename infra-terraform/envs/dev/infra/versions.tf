terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0, < 7.0"
    }
  }

  # State in S3 with S3's own lock file (Terraform 1.10+); the state bucket is made once, by hand
  # or by a bootstrap stack, before the first apply.
  backend "s3" {
    bucket       = "kinetic-terraform-state"
    key          = "dev/infra.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}
