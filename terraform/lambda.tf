resource "aws_lambda_function" "session_api" {
  #checkov:skip=CKV_AWS_50:X-Ray tracing needs xray:PutTraceSegments on "*", which the least-privilege role avoids.
  #checkov:skip=CKV_AWS_115:Reserved concurrency fails on new accounts whose quota is 10; the stage throttle bounds the load.
  #checkov:skip=CKV_AWS_116:API Gateway invokes synchronously; a dead-letter queue only receives asynchronous events.
  #checkov:skip=CKV_AWS_117:The function reaches only DynamoDB and CloudWatch, public AWS endpoints; a VPC adds NAT cost.
  #checkov:skip=CKV_AWS_173:The environment holds no secret (table name, environment, log level).
  #checkov:skip=CKV_AWS_272:Code signing needs a signing profile the course does not cover; the zip hash is pinned below.
  function_name = local.function_name
  description   = "Session API of ${var.project} (${var.environment})"
  role          = aws_iam_role.lambda_execution.arn

  filename         = local.lambda_zip_path
  source_code_hash = filebase64sha256(local.lambda_zip_path)
  handler          = "auth_sessions.entrypoints.lambda_handler.handler"
  runtime          = "python3.13"
  architectures    = ["arm64"]
  memory_size      = var.lambda_memory_size_mb
  timeout          = var.lambda_timeout_seconds

  # Each code or configuration change becomes a numbered version; the alias
  # below moves to it, and API Gateway only ever calls the alias.
  publish = true

  environment {
    variables = {
      DYNAMODB_TABLE_NAME = aws_dynamodb_table.sessions.name
      ENVIRONMENT         = var.environment
      LOG_LEVEL           = var.log_level
    }
  }

  dynamic "logging_config" {
    for_each = var.lambda_json_logs_enabled ? [1] : []

    content {
      log_format = "JSON"
      log_group  = aws_cloudwatch_log_group.lambda.name
    }
  }

  # The group and the permissions exist before the first cold start logs.
  depends_on = [aws_cloudwatch_log_group.lambda, aws_iam_role_policy.lambda_execution]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  description      = "The version API Gateway calls."
  function_name    = aws_lambda_function.session_api.function_name
  function_version = aws_lambda_function.session_api.version
}
