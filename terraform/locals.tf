locals {
  name_prefix   = "${var.project}-${var.environment}"
  is_production = var.environment == "prod"

  function_name  = "${local.name_prefix}-session-api"
  log_group_name = "/aws/lambda/${local.function_name}"

  # --8<-- [start:from-m3-zip-path]
  # A relative zip path is read from this folder, whatever the working directory.
  lambda_zip_path = startswith(var.lambda_zip_path, "/") ? var.lambda_zip_path : "${path.module}/${var.lambda_zip_path}"
  # --8<-- [end:from-m3-zip-path]

  # Short retention is enough to debug dev; prod keeps a month for incidents.
  log_retention_days = coalesce(var.log_retention_days, local.is_production ? 30 : 7)
}
