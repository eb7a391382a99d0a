# Created by Terraform rather than by Lambda on first run, so it has a
# retention (Lambda's own group never expires) and is destroyed with the stack.
resource "aws_cloudwatch_log_group" "lambda" {
  #checkov:skip=CKV_AWS_158:CloudWatch encrypts log data at rest by default; a KMS key adds cost for no course need.
  #checkov:skip=CKV_AWS_338:Retention is 7 days in dev and 30 in prod on purpose (set log_retention_days to keep more).
  name              = local.log_group_name
  retention_in_days = local.log_retention_days
}
