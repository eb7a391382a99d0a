output "state_bucket_name" {
  description = "Name of the S3 bucket that holds every Terraform state of the project (pass it as -backend-config=bucket=...)."
  value       = aws_s3_bucket.state.bucket
}

output "state_bucket_arn" {
  description = "ARN of the state bucket, for IAM policies that grant access to the state."
  value       = aws_s3_bucket.state.arn
}

output "region" {
  description = "Region of the state bucket (pass it as -backend-config=region=...)."
  value       = var.region
}
