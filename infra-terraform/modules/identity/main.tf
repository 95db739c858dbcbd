# One IAM role per function, assumed by the function's ServiceAccount through EKS Pod Identity,
# allowed exactly what the function does in the model store: the table below is the whole grant.

locals {
  # Key prefixes each function reads, writes and deletes; "*" stands for one path segment (a model
  # or a version). The functions need no Kafka permissions: the Knative Kafka broker's data plane
  # reads and writes the topics, not them.
  function_access = {
    ingest = {
      read   = ["specs/", "audit/", "uploads/"]
      write  = ["datasets/", "quarantine/"]
      delete = []
    }
    train = {
      read   = ["specs/", "datasets/", "models/", "state/train/"]
      write  = ["models/", "state/train/"]
      delete = []
    }
    registry = {
      read   = ["specs/", "models/", "state/registry/"]
      write  = ["models/*/aliases/", "archive/", "state/registry/"]
      delete = ["models/"]
    }
    inference = {
      read   = ["specs/", "models/"]
      write  = ["audit-spill/"]
      delete = []
    }
    audit = {
      read   = ["audit/", "audit-spill/", "dead-letters/"]
      write  = ["audit/", "dead-letters/"]
      delete = ["audit-spill/"]
    }
    drift = {
      read   = ["specs/", "models/", "audit/", "state/drift/"]
      write  = ["state/drift/"]
      delete = []
    }
  }

  # Only the registry moves the champion alias: writers of models/ are denied the aliases.
  alias_writers = ["registry"]
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "function" {
  for_each = local.function_access

  statement {
    sid       = "List"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [for prefix in distinct(concat(each.value.read, each.value.write, each.value.delete)) : "${prefix}*"]
    }
  }

  statement {
    sid       = "Read"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = [for prefix in each.value.read : "${var.bucket_arn}/${prefix}*"]
  }

  statement {
    sid       = "Write"
    actions   = ["s3:PutObject"]
    resources = [for prefix in each.value.write : "${var.bucket_arn}/${prefix}*"]
  }

  dynamic "statement" {
    for_each = length(each.value.delete) > 0 ? [each.value.delete] : []

    content {
      sid       = "Delete"
      actions   = ["s3:DeleteObject"]
      resources = [for prefix in statement.value : "${var.bucket_arn}/${prefix}*"]
    }
  }

  dynamic "statement" {
    for_each = contains(local.alias_writers, each.key) ? [] : ["models/*/aliases/"]

    content {
      sid       = "NoAliases"
      effect    = "Deny"
      actions   = ["s3:PutObject", "s3:DeleteObject"]
      resources = ["${var.bucket_arn}/${statement.value}*"]
    }
  }

  statement {
    sid       = "Key"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role" "function" {
  for_each = local.function_access

  name               = "${var.name_prefix}-${each.key}"
  description        = "The Kinetic ${each.key} function, through EKS Pod Identity"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "function" {
  for_each = local.function_access

  name   = "model-store"
  role   = aws_iam_role.function[each.key].id
  policy = data.aws_iam_policy_document.function[each.key].json
}

# The ServiceAccounts are the cluster overlays' kinetic-<function>.
resource "aws_eks_pod_identity_association" "function" {
  for_each = local.function_access

  cluster_name    = var.cluster_name
  namespace       = var.namespace
  service_account = "kinetic-${each.key}"
  role_arn        = aws_iam_role.function[each.key].arn
  tags            = var.tags
}
