output "role_arns" {
  description = "Each function's IAM role ARN, by function name."
  value       = { for name, role in aws_iam_role.function : name => role.arn }
}

output "function_access" {
  description = "The model-store key prefixes each function may read, write and delete."
  value       = local.function_access
}
