output "bucket" {
  description = "The bucket's name: KINETIC_S3_BUCKET for every function."
  value       = aws_s3_bucket.store.id
}

output "bucket_arn" {
  description = "The bucket's ARN, for the identity module's policies."
  value       = aws_s3_bucket.store.arn
}

output "kms_key_arn" {
  description = "The ARN of the key that encrypts the bucket; readers need kms:Decrypt on it, writers kms:GenerateDataKey."
  value       = aws_kms_key.store.arn
}
