# Static checks of the state bucket: no AWS, no credentials (`terraform test`).
mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
}

run "state_bucket_is_named_after_project_and_account" {
  assert {
    condition     = aws_s3_bucket.state.bucket == "hexagonal-auth-tfstate-123456789012"
    error_message = "The bucket must be named <project>-tfstate-<account id>."
  }

  assert {
    condition     = aws_s3_bucket.state.force_destroy == false
    error_message = "force_destroy must stay false: AWS must refuse to delete a bucket that holds state."
  }

  assert {
    condition     = output.state_bucket_name == aws_s3_bucket.state.bucket && output.state_bucket_arn == aws_s3_bucket.state.arn && output.region == "us-east-1"
    error_message = "The outputs must give the bucket name, its ARN and the region."
  }
}

run "state_bucket_keeps_every_version_encrypted_and_private" {
  assert {
    condition     = aws_s3_bucket_versioning.state.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning must be on: it is the way back from a bad apply."
  }

  assert {
    condition     = one([for rule in aws_s3_bucket_server_side_encryption_configuration.state.rule : one(rule.apply_server_side_encryption_by_default).sse_algorithm]) == "AES256"
    error_message = "Objects must be encrypted with SSE-S3 (AES256)."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.state.block_public_acls,
      aws_s3_bucket_public_access_block.state.block_public_policy,
      aws_s3_bucket_public_access_block.state.ignore_public_acls,
      aws_s3_bucket_public_access_block.state.restrict_public_buckets,
    ])
    error_message = "All four public access block settings must be on."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.state.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)."
  }
}

run "state_bucket_refuses_plain_http" {
  assert {
    condition     = length(aws_s3_bucket_policy.tls_only) == 1
    error_message = "The TLS-only policy must be on by default."
  }

  assert {
    condition = jsondecode(aws_s3_bucket_policy.tls_only[0].policy).Statement == [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
    error_message = "The policy must deny every action on the bucket and its objects when aws:SecureTransport is false."
  }
}

run "old_state_versions_expire" {
  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.state) == 1
    error_message = "The lifecycle rule must be on by default."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.state[0].rule[0].noncurrent_version_expiration[0].noncurrent_days == 90
    error_message = "Old state versions must be kept 90 days by default."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.state[0].rule[0].abort_incomplete_multipart_upload[0].days_after_initiation == 7
    error_message = "Incomplete multipart uploads must be cleaned up."
  }
}

run "sandbox_switches_turn_off_only_what_the_emulator_lacks" {
  variables {
    tls_only_policy_enabled               = false
    noncurrent_version_expiration_enabled = false
  }

  assert {
    condition     = length(aws_s3_bucket_policy.tls_only) == 0 && length(aws_s3_bucket_lifecycle_configuration.state) == 0
    error_message = "The switches must remove the policy and the lifecycle rule."
  }

  assert {
    condition     = aws_s3_bucket_versioning.state.versioning_configuration[0].status == "Enabled" && aws_s3_bucket_public_access_block.state.block_public_policy
    error_message = "Versioning and the public access block stay on in the sandbox."
  }
}

run "project_name_is_validated" {
  command = plan

  variables {
    project = "Hexagonal_Auth"
  }

  expect_failures = [var.project]
}
