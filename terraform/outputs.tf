# --8<-- [start:from-m4-api]
output "api_url" {
  description = "Invoke URL of the stage, ending in /<environment>; the routes are <api_url>/sessions and <api_url>/sessions/current."
  value       = aws_api_gateway_stage.api.invoke_url
}

output "rest_api_id" {
  description = "Id of the REST API."
  value       = aws_api_gateway_rest_api.sessions.id
}

output "stage_name" {
  description = "Name of the API stage (the environment)."
  value       = aws_api_gateway_stage.api.stage_name
}
# --8<-- [end:from-m4-api]

output "table_name" {
  description = "Name of the DynamoDB sessions table (the function's DYNAMODB_TABLE_NAME)."
  value       = aws_dynamodb_table.sessions.name
}

output "table_arn" {
  description = "ARN of the DynamoDB sessions table."
  value       = aws_dynamodb_table.sessions.arn
}

# --8<-- [start:from-m3-function]
output "function_name" {
  description = "Name of the Lambda function."
  value       = aws_lambda_function.session_api.function_name
}

output "function_arn" {
  description = "Unqualified ARN of the Lambda function."
  value       = aws_lambda_function.session_api.arn
}

output "function_alias_name" {
  description = "Name of the alias API Gateway invokes."
  value       = aws_lambda_alias.live.name
}

output "function_alias_arn" {
  description = "ARN of the alias API Gateway invokes (the function ARN with :live)."
  value       = aws_lambda_alias.live.arn
}
# --8<-- [end:from-m3-function]

output "log_group_name" {
  description = "CloudWatch log group of the function."
  value       = aws_cloudwatch_log_group.lambda.name
}

output "role_name" {
  description = "Name of the function's execution role."
  value       = aws_iam_role.lambda_execution.name
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.lambda_execution.arn
}

# --8<-- [start:from-m4-usage-plan]
output "usage_plan_id" {
  description = "Id of the usage plan bound to the stage."
  value       = aws_api_gateway_usage_plan.api.id
}
# --8<-- [end:from-m4-usage-plan]

# --8<-- [start:from-m5-outputs]
output "user_pool_id" {
  description = "Id of the Cognito user pool whose ID tokens open sessions."
  value       = aws_cognito_user_pool.users.id
}

output "user_pool_client_id" {
  description = "Id of the user pool's app client (public: no secret)."
  value       = aws_cognito_user_pool_client.web.id
}
# --8<-- [end:from-m5-outputs]
