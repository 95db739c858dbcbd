output "registry" {
  description = "The image registry and prefix, <account>.dkr.ecr.<region>.amazonaws.com/<prefix>: what the overlays' images are renamed to."
  value       = "${split("/", aws_ecr_repository.image[var.images[0]].repository_url)[0]}/${var.name_prefix}"
}

output "repository_urls" {
  description = "Each image's repository URL."
  value       = { for image, repository in aws_ecr_repository.image : image => repository.repository_url }
}
