resource "aws_dynamodb_table" "sessions" {
  #checkov:skip=CKV_AWS_28:Point-in-time recovery is on in prod; dev and staging hold throw-away sessions.
  #checkov:skip=CKV_AWS_119:The AWS-owned key encrypts at rest at no cost; a customer key adds KMS charges and nothing the course needs.
  name         = "${local.name_prefix}-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "session_id"

  attribute {
    name = "session_id"
    type = "S"
  }

  # --8<-- [start:exercise-m2-ttl]
  # DynamoDB deletes expired items lazily (often days late), so the service
  # also checks expires_at on every read; TTL only keeps the table small.
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }
  # --8<-- [end:exercise-m2-ttl]

  # Continuous backups cost per GB-month: worth it for prod data only.
  point_in_time_recovery {
    enabled = local.is_production
  }

  deletion_protection_enabled = local.is_production

  # No server_side_encryption block: without it DynamoDB uses the AWS-owned key.
  # `server_side_encryption { enabled = true }` would switch to the AWS-managed
  # KMS key (aws/dynamodb) and bill KMS requests.
}
