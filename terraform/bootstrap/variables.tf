variable "project" {
  description = "Project name; the state bucket is named <project>-tfstate-<account id>."
  type        = string
  default     = "hexagonal-auth"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,28}[a-z0-9]$", var.project))
    error_message = "project must be 3-30 characters: lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  description = "AWS region of the state bucket (the app roots keep their state there too)."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must look like us-east-1."
  }
}

# --8<-- [start:settings]
variable "tls_only_policy_enabled" {
  description = "Attach a bucket policy that denies every request not made over TLS. Keep it on in AWS; the local sandbox turns it off because its emulator rejects every call once a policy has a Condition."
  type        = bool
  default     = true
}

variable "noncurrent_version_expiration_enabled" {
  description = "Expire old state versions after noncurrent_version_retention_days. Keep it on in AWS; the local sandbox turns it off because its emulator takes about a minute to create a lifecycle rule."
  type        = bool
  default     = true
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten state version is kept before S3 deletes it (how far back you can roll state back)."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_retention_days >= 1 && var.noncurrent_version_retention_days <= 3650 && floor(var.noncurrent_version_retention_days) == var.noncurrent_version_retention_days
    error_message = "noncurrent_version_retention_days must be a whole number from 1 to 3650."
  }
}
# --8<-- [end:settings]
