# --8<-- [start:bucket]
data "aws_caller_identity" "current" {}

# The account id makes the name unique across AWS without a random suffix,
# so every reader can compute it: <project>-tfstate-<account id>.
resource "aws_s3_bucket" "state" {
  #checkov:skip=CKV_AWS_18:Access logs need a second bucket; CloudTrail already records who touched the state.
  #checkov:skip=CKV_AWS_144:Cross-region replication doubles the cost of a course bucket; versioning covers mistakes.
  #checkov:skip=CKV_AWS_145:SSE-S3 (AES256) is enough for state; a KMS key adds a monthly and a per-request cost.
  #checkov:skip=CKV2_AWS_62:Nothing consumes events of a state bucket.
  bucket = "${var.project}-tfstate-${data.aws_caller_identity.current.account_id}"

  # force_destroy stays false: AWS refuses to delete a bucket that still holds
  # state, which protects it better than a lifecycle prevent_destroy that also
  # blocks the documented teardown.
  force_destroy = false
}
# --8<-- [end:bucket]

# --8<-- [start:versioning]
# Every write of the state keeps the previous one: the way back from a bad apply.
resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.bucket

  # --8<-- [start:exercise-m1-versioning]
  versioning_configuration {
    status = "Enabled"
  }
  # --8<-- [end:exercise-m1-versioning]
}
# --8<-- [end:versioning]

# --8<-- [start:encryption]
# S3 has encrypted new objects with SSE-S3 by default since January 2023; the
# rule states it explicitly so a reader and a scanner both see it.
resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
# --8<-- [end:encryption]

# --8<-- [start:public-access]
resource "aws_s3_bucket_public_access_block" "state" {
  bucket = aws_s3_bucket.state.bucket

  # --8<-- [start:exercise-m1-public-access]
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
  # --8<-- [end:exercise-m1-public-access]
}

# ACLs off: only IAM policies decide who reads the state.
resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.bucket

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
# --8<-- [end:public-access]

# --8<-- [start:tls-only]
# Refuse any request made over plain HTTP, whoever makes it.
resource "aws_s3_bucket_policy" "tls_only" {
  count = var.tls_only_policy_enabled ? 1 : 0

  bucket = aws_s3_bucket.state.bucket
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })

  # S3 can abort two changes to one bucket made at once (OperationAborted): one after the other.
  depends_on = [aws_s3_bucket_public_access_block.state]
}
# --8<-- [end:tls-only]

# --8<-- [start:lifecycle]
resource "aws_s3_bucket_lifecycle_configuration" "state" {
  count = var.noncurrent_version_expiration_enabled ? 1 : 0

  bucket = aws_s3_bucket.state.bucket

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  # Lifecycle rules on a bucket whose versioning is still being enabled are rejected.
  depends_on = [aws_s3_bucket_versioning.state]
}
# --8<-- [end:lifecycle]
