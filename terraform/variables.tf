variable "project" {
  description = "Project name, the first part of every resource name (<project>-<environment>-<thing>)."
  type        = string
  default     = "hexagonal-auth"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,28}[a-z0-9]$", var.project))
    error_message = "project must be 3-30 characters: lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Deployment environment: dev, staging or prod. Each one has its own state key (app/<environment>/terraform.tfstate)."
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "region" {
  description = "AWS region where the stack is created."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must look like us-east-1."
  }
}

# --8<-- [start:from-m3-zip-path]
variable "lambda_zip_path" {
  description = "Path of the function package built by `course zip`; a relative path is read from this folder."
  type        = string
  default     = "../build/lambda.zip"

  validation {
    condition     = endswith(var.lambda_zip_path, ".zip")
    error_message = "lambda_zip_path must point at a .zip file (build it with `course zip`)."
  }

  validation {
    condition     = fileexists(startswith(var.lambda_zip_path, "/") ? var.lambda_zip_path : "${path.module}/${var.lambda_zip_path}")
    error_message = "The function package is missing: run `course zip` first, or pass -var lambda_zip_path=<path to the zip>."
  }
}
# --8<-- [end:from-m3-zip-path]

# --8<-- [start:from-m3-function-settings]
variable "lambda_memory_size_mb" {
  description = "Memory of the function in MB; CPU grows with it. 128 MB is the minimum for every runtime, Python included."
  type        = number
  default     = 128

  validation {
    condition     = var.lambda_memory_size_mb >= 128 && var.lambda_memory_size_mb <= 10240 && floor(var.lambda_memory_size_mb) == var.lambda_memory_size_mb
    error_message = "lambda_memory_size_mb must be a whole number from 128 to 10240."
  }
}

variable "lambda_timeout_seconds" {
  description = "Longest a single invocation may run, in seconds. API Gateway gives up after 29 s anyway."
  type        = number
  default     = 10

  validation {
    condition     = var.lambda_timeout_seconds >= 1 && var.lambda_timeout_seconds <= 29 && floor(var.lambda_timeout_seconds) == var.lambda_timeout_seconds
    error_message = "lambda_timeout_seconds must be a whole number from 1 to 29 (API Gateway's integration limit)."
  }
}

variable "log_level" {
  description = "Level of the function's own log lines (the LOG_LEVEL environment variable)."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARNING", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARNING, ERROR."
  }
}
# --8<-- [end:from-m3-function-settings]

# --8<-- [start:from-m2-log-retention]
variable "log_retention_days" {
  description = "Days CloudWatch keeps the function's logs. Leave null for the environment's default: 30 in prod, 7 elsewhere."
  type        = number
  default     = null

  validation {
    condition     = var.log_retention_days == null ? true : contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be null or a value CloudWatch accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}
# --8<-- [end:from-m2-log-retention]

# --8<-- [start:from-m3-json-logs]
variable "lambda_json_logs_enabled" {
  description = "Have Lambda write its log lines as JSON (logging_config). Keep it on in AWS; the local sandbox turns it off because its emulator does not store the setting and every plan would show a change."
  type        = bool
  default     = true
}
# --8<-- [end:from-m3-json-logs]

# --8<-- [start:from-m4-api]
variable "throttling_rate_limit" {
  description = "Steady requests per second the stage accepts on each method (one token bucket per method) before answering 429."
  type        = number
  default     = 10

  validation {
    condition     = var.throttling_rate_limit > 0 && var.throttling_rate_limit <= 10000
    error_message = "throttling_rate_limit must be greater than 0 and at most 10000 (the default account limit)."
  }
}

variable "throttling_burst_limit" {
  description = "Token-bucket size: how many requests may arrive at once above the steady rate before 429."
  type        = number
  default     = 20

  validation {
    condition     = var.throttling_burst_limit >= 0 && var.throttling_burst_limit <= 5000 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number from 0 to 5000 (the default account limit)."
  }
}

variable "detailed_metrics_enabled" {
  description = "Per-method CloudWatch metrics for the stage. CloudWatch bills them as custom metrics, so they stay off; the API-wide and stage metrics are sent either way."
  type        = bool
  default     = false
}

variable "usage_plan_quota_limit" {
  description = "Requests per quota period allowed to each API key. API Gateway counts only requests that carry a key, and enforces it on a best-effort basis: it is not a billing cap."
  type        = number
  default     = 10000

  validation {
    condition     = var.usage_plan_quota_limit >= 1 && floor(var.usage_plan_quota_limit) == var.usage_plan_quota_limit
    error_message = "usage_plan_quota_limit must be a whole number of at least 1."
  }
}

variable "usage_plan_quota_period" {
  description = "Period of usage_plan_quota_limit: DAY, WEEK or MONTH (reset at 00:00 UTC)."
  type        = string
  default     = "DAY"

  validation {
    condition     = contains(["DAY", "WEEK", "MONTH"], var.usage_plan_quota_period)
    error_message = "usage_plan_quota_period must be one of DAY, WEEK, MONTH."
  }
}

variable "api_key_required_enabled" {
  description = "Require an API key (x-api-key header) on every session method and create one key bound to the usage plan. Without a key the usage plan's quota and throttle never apply; only the stage throttle does."
  type        = bool
  default     = false
}

variable "cors_allowed_origin" {
  description = "Origin the CORS preflight (OPTIONS) allows (Access-Control-Allow-Origin), e.g. https://app.example.com; * allows any origin. The function sets the header on its own responses."
  type        = string
  default     = "*"

  validation {
    condition     = var.cors_allowed_origin == "*" || can(regex("^https?://[a-z0-9.-]+(:[0-9]+)?$", var.cors_allowed_origin))
    error_message = "cors_allowed_origin must be * or an origin such as https://app.example.com (no path)."
  }
}
# --8<-- [end:from-m4-api]
