# Amazon MSK for the Knative Kafka broker: TLS between clients and brokers and among brokers, IAM
# authentication (SASL/IAM on port 9098), data at rest encrypted with its own key, and a role the
# Knative Kafka data plane assumes through Pod Identity. The functions never talk to Kafka.

locals {
  replication = min(3, var.broker_count)
}

resource "aws_kms_key" "kafka" {
  description             = "Encrypts the Kinetic Kafka cluster ${var.name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
}

resource "aws_security_group" "brokers" {
  name        = "${var.name}-brokers"
  description = "Kafka brokers: SASL/IAM over TLS from the cluster's nodes only"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each = toset(var.client_security_group_ids)

  security_group_id            = aws_security_group.brokers.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 9098
  to_port                      = 9098
  description                  = "SASL/IAM over TLS"
}

module "msk" {
  source  = "terraform-aws-modules/msk-kafka-cluster/aws"
  version = "~> 3.3"

  name                   = var.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = var.broker_count

  broker_node_client_subnets  = var.subnet_ids
  broker_node_instance_type   = var.broker_instance_type
  broker_node_security_groups = [aws_security_group.brokers.id]
  broker_node_storage_info = {
    ebs_storage_info = { volume_size = var.volume_size_gib }
  }

  encryption_in_transit_client_broker = "TLS"
  encryption_in_transit_in_cluster    = true
  encryption_at_rest_kms_key_arn      = aws_kms_key.kafka.arn

  client_authentication = {
    sasl = { iam = true }
  }

  # Topics are made by the Knative Kafka controller, one per Broker, with these defaults.
  configuration_server_properties = {
    "auto.create.topics.enable"  = false
    "default.replication.factor" = local.replication
    "min.insync.replicas"        = max(1, local.replication - 1)
  }

  tags = var.tags
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

# What the Knative Kafka broker does: connect, make and describe its topics, produce, consume
# with one group per Trigger, and commit offsets.
data "aws_iam_policy_document" "data_plane" {
  statement {
    sid       = "Cluster"
    actions   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"]
    resources = [module.msk.arn]
  }

  statement {
    sid = "Topics"
    actions = [
      "kafka-cluster:CreateTopic",
      "kafka-cluster:DescribeTopic",
      "kafka-cluster:DescribeTopicDynamicConfiguration",
      "kafka-cluster:AlterTopic",
      "kafka-cluster:DeleteTopic",
      "kafka-cluster:ReadData",
      "kafka-cluster:WriteData",
    ]
    resources = ["${replace(module.msk.arn, ":cluster/", ":topic/")}/knative-*"]
  }

  statement {
    sid       = "Groups"
    actions   = ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup", "kafka-cluster:DeleteGroup"]
    resources = ["${replace(module.msk.arn, ":cluster/", ":group/")}/knative-*"]
  }
}

resource "aws_iam_role" "data_plane" {
  name               = "${var.name}-knative-kafka"
  description        = "The Knative Kafka broker's data plane and controller, through EKS Pod Identity"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "data_plane" {
  name   = "kafka"
  role   = aws_iam_role.data_plane.id
  policy = data.aws_iam_policy_document.data_plane.json
}

resource "aws_eks_pod_identity_association" "data_plane" {
  for_each = toset(var.data_plane_service_accounts)

  cluster_name    = var.cluster_name
  namespace       = "knative-eventing"
  service_account = each.value
  role_arn        = aws_iam_role.data_plane.arn
  tags            = var.tags
}
