# --8<-- [start:trust-policy]
# Only the Lambda service may assume the role.
resource "aws_iam_role" "lambda_execution" {
  name        = "${local.name_prefix}-lambda-execution"
  description = "Execution role of ${local.function_name}: its sessions table and its own log group, nothing else."

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "LambdaAssumesRole"
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })
}
# --8<-- [end:trust-policy]

# --8<-- [start:permissions-policy]
# Exactly what the code calls: PutItem (create, conditional), GetItem (read,
# strongly consistent) and DeleteItem (revoke) on one table. No Query, Scan or
# UpdateItem, and no index ARNs because the table has no index.
# Log writes only: Terraform creates the log group, so no logs:CreateLogGroup.
resource "aws_iam_role_policy" "lambda_execution" {
  name = "${local.name_prefix}-session-api-access"
  role = aws_iam_role.lambda_execution.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # --8<-- [start:exercise-m2-least-privilege]
      {
        Sid      = "SessionItems"
        Effect   = "Allow"
        Action   = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"]
        Resource = aws_dynamodb_table.sessions.arn
      },
      # --8<-- [end:exercise-m2-least-privilege]
      {
        # The trailing :* names the log streams inside this one group.
        Sid      = "OwnLogStreams"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.lambda.arn}:*"
      },
    ]
  })
}
# --8<-- [end:permissions-policy]
