# Where the images Kinetic deploys live: one ECR repository per image, tags immutable (a version
# names one image forever, as a model version names one model), scanned on push, encrypted with
# KMS. The nodes pull with the EKS node role's ECR read policy.

resource "aws_ecr_repository" "image" {
  for_each = toset(var.images)

  name                 = "${var.name_prefix}/${each.key}"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }

  tags = var.tags
}

resource "aws_ecr_lifecycle_policy" "untagged" {
  for_each = aws_ecr_repository.image

  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Delete untagged images after ${var.untagged_days} days"
      selection = {
        tagStatus   = "untagged"
        countType   = "sinceImagePushed"
        countUnit   = "days"
        countNumber = var.untagged_days
      }
      action = { type = "expire" }
    }]
  })
}
