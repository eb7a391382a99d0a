# --8<-- [start:rest-api]
resource "aws_api_gateway_rest_api" "sessions" {
  name        = "${local.name_prefix}-api"
  description = "Session API of ${var.project} (${var.environment})"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  # Should the API ever be replaced, the new one exists before the old one goes.
  lifecycle {
    create_before_destroy = true
  }
}
# --8<-- [end:rest-api]

# --8<-- [start:resources]
# /sessions and /sessions/current: the session is named by the bearer token in
# the Authorization header, never by a path part (a URL ends up in logs).
resource "aws_api_gateway_resource" "sessions" {
  rest_api_id = aws_api_gateway_rest_api.sessions.id
  parent_id   = aws_api_gateway_rest_api.sessions.root_resource_id
  path_part   = "sessions"
}

resource "aws_api_gateway_resource" "current_session" {
  rest_api_id = aws_api_gateway_rest_api.sessions.id
  parent_id   = aws_api_gateway_resource.sessions.id
  path_part   = "current"
}
# --8<-- [end:resources]

# --8<-- [start:routes]
locals {
  # Every route the function serves, keyed by use case, and who checks its caller:
  # GET and DELETE carry the session token, which the function checks itself.
  lambda_routes = {
    # --8<-- [start:until-m4-create-route]
    create_session = { resource_id = aws_api_gateway_resource.sessions.id, path = "/sessions", http_method = "POST", authorization = "NONE", authorizer_id = null }
    # --8<-- [end:until-m4-create-route]
    # --8<-- [start:from-m5-create-route]
    # A later key wins: POST now needs an ID token of the Cognito user pool.
    create_session = { resource_id = aws_api_gateway_resource.sessions.id, path = "/sessions", http_method = "POST", authorization = "COGNITO_USER_POOLS", authorizer_id = aws_api_gateway_authorizer.cognito.id }
    # --8<-- [end:from-m5-create-route]
    get_session    = { resource_id = aws_api_gateway_resource.current_session.id, path = "/sessions/current", http_method = "GET", authorization = "NONE", authorizer_id = null }
    revoke_session = { resource_id = aws_api_gateway_resource.current_session.id, path = "/sessions/current", http_method = "DELETE", authorization = "NONE", authorizer_id = null }
  }

  # Browsers send a preflight OPTIONS to each resource before a cross-origin call.
  cors_resources = {
    sessions        = { resource_id = aws_api_gateway_resource.sessions.id, methods = "POST,OPTIONS" }
    current_session = { resource_id = aws_api_gateway_resource.current_session.id, methods = "GET,DELETE,OPTIONS" }
  }

  # --8<-- [start:exercise-m4-preflight-headers]
  # Authorization carries the session token and is not CORS-safelisted: a browser
  # sends it only if the preflight allows it. x-api-key, only when the API asks for it.
  cors_allowed_headers = var.api_key_required_enabled ? "Authorization,Content-Type,X-Api-Key" : "Authorization,Content-Type"
  # --8<-- [end:exercise-m4-preflight-headers]
}
# --8<-- [end:routes]

# --8<-- [start:proxy]
resource "aws_api_gateway_method" "lambda" {
  #checkov:skip=CKV_AWS_59:The function checks the bearer session token of GET and DELETE; module 5 puts a Cognito authorizer on POST.
  #checkov:skip=CKV2_AWS_53:The function validates every body and answers 400 with a reason; a model would duplicate the rules.
  for_each = local.lambda_routes

  rest_api_id      = aws_api_gateway_rest_api.sessions.id
  resource_id      = each.value.resource_id
  http_method      = each.value.http_method
  authorization    = each.value.authorization
  authorizer_id    = each.value.authorizer_id
  api_key_required = var.api_key_required_enabled
}

# AWS_PROXY hands the whole request to the function, which returns status,
# headers and body itself. Lambda integrations are always called with POST.
resource "aws_api_gateway_integration" "lambda" {
  for_each = local.lambda_routes

  rest_api_id             = aws_api_gateway_rest_api.sessions.id
  resource_id             = each.value.resource_id
  http_method             = aws_api_gateway_method.lambda[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_alias.live.invoke_arn
}
# --8<-- [end:proxy]

# --8<-- [start:permission]
# One permission per route, for this stage of this API and the alias only.
resource "aws_lambda_permission" "api_gateway" {
  for_each = local.lambda_routes

  statement_id  = "AllowApiGateway-${replace(each.key, "_", "-")}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.session_api.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.sessions.execution_arn}/${var.environment}/${each.value.http_method}${each.value.path}"
}
# --8<-- [end:permission]

# --8<-- [start:cors-preflight]
# CORS preflight: a MOCK integration answers 200 with the Allow-* headers
# without calling the function.
resource "aws_api_gateway_method" "cors" {
  #checkov:skip=CKV_AWS_59:A CORS preflight carries no credentials by definition.
  #checkov:skip=CKV2_AWS_53:The preflight has no body to validate.
  for_each = local.cors_resources

  rest_api_id   = aws_api_gateway_rest_api.sessions.id
  resource_id   = each.value.resource_id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "cors" {
  for_each = local.cors_resources

  rest_api_id = aws_api_gateway_rest_api.sessions.id
  resource_id = each.value.resource_id
  http_method = aws_api_gateway_method.cors[each.key].http_method
  type        = "MOCK"

  # A MOCK integration picks its response from the statusCode in this template.
  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

# The method response declares which headers the integration response may set.
resource "aws_api_gateway_method_response" "cors" {
  for_each = local.cors_resources

  rest_api_id = aws_api_gateway_rest_api.sessions.id
  resource_id = each.value.resource_id
  http_method = aws_api_gateway_method.cors[each.key].http_method
  status_code = "200"

  response_models = {
    "application/json" = "Empty"
  }

  response_parameters = {
    "method.response.header.Access-Control-Allow-Headers" = true
    "method.response.header.Access-Control-Allow-Methods" = true
    "method.response.header.Access-Control-Allow-Origin"  = true
  }
}

resource "aws_api_gateway_integration_response" "cors" {
  for_each = local.cors_resources

  rest_api_id = aws_api_gateway_rest_api.sessions.id
  resource_id = each.value.resource_id
  http_method = aws_api_gateway_method.cors[each.key].http_method
  status_code = aws_api_gateway_method_response.cors[each.key].status_code

  # Header values are mapping expressions: literals go in single quotes.
  response_parameters = {
    "method.response.header.Access-Control-Allow-Headers" = "'${local.cors_allowed_headers}'"
    "method.response.header.Access-Control-Allow-Methods" = "'${each.value.methods}'"
    "method.response.header.Access-Control-Allow-Origin"  = "'${var.cors_allowed_origin}'"
  }

  depends_on = [aws_api_gateway_integration.cors]
}
# --8<-- [end:cors-preflight]

# --8<-- [start:gateway-responses]
# Answers API Gateway gives on its own (429 throttled, 403 missing key, 502/504...)
# never reach the function, so they get the CORS header here; otherwise a
# browser reports a CORS error instead of the real status.
resource "aws_api_gateway_gateway_response" "cors" {
  for_each = toset(["DEFAULT_4XX", "DEFAULT_5XX"])

  rest_api_id   = aws_api_gateway_rest_api.sessions.id
  response_type = each.key

  response_parameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin"  = "'${var.cors_allowed_origin}'"
    "gatewayresponse.header.Access-Control-Allow-Headers" = "'${local.cors_allowed_headers}'"
  }
}
# --8<-- [end:gateway-responses]

# --8<-- [start:deployment]
# A deployment is a snapshot of the API. The hash covers the id and the
# settings of every resource, method, integration and response (an id alone
# does not change when, say, an integration's target does), so any change to
# them deploys again; create_before_destroy keeps the stage on a live snapshot
# meanwhile.
resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.sessions.id

  triggers = {
    redeployment = sha1(jsonencode([
      [aws_api_gateway_resource.sessions.id, aws_api_gateway_resource.current_session.id],
      # Not authorizer_id: a refresh reads "" where the apply had null, and every plan would redeploy.
      [for m in values(aws_api_gateway_method.lambda) : [m.id, m.authorization, m.api_key_required]],
      # --8<-- [start:from-m5-authorizer-trigger]
      [aws_api_gateway_authorizer.cognito.id, aws_api_gateway_authorizer.cognito.provider_arns],
      # --8<-- [end:from-m5-authorizer-trigger]
      [for i in values(aws_api_gateway_integration.lambda) : [i.id, i.type, i.uri]],
      [for m in values(aws_api_gateway_method.cors) : m.id],
      [for i in values(aws_api_gateway_integration.cors) : [i.id, i.request_templates]],
      [for r in values(aws_api_gateway_method_response.cors) : [r.id, r.response_parameters]],
      [for r in values(aws_api_gateway_integration_response.cors) : [r.id, r.response_parameters]],
      [for r in values(aws_api_gateway_gateway_response.cors) : [r.id, r.response_parameters]],
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  # A deployment taken before its integrations exist fails with
  # "No integration defined for method".
  depends_on = [
    aws_api_gateway_integration.lambda,
    aws_api_gateway_integration.cors,
    aws_api_gateway_integration_response.cors,
    aws_api_gateway_gateway_response.cors,
  ]
}

resource "aws_api_gateway_stage" "api" {
  #checkov:skip=CKV_AWS_73:X-Ray tracing is not part of the course; metrics are on in the method settings.
  #checkov:skip=CKV_AWS_76:Access logs need the account-level CloudWatch role (aws_api_gateway_account); the function writes its own JSON logs.
  #checkov:skip=CKV_AWS_120:A stage cache bills per hour and would serve revoked sessions.
  #checkov:skip=CKV2_AWS_29:A WAF web ACL bills per month; the stage throttle bounds abuse in the course.
  #checkov:skip=CKV2_AWS_51:Client certificates authenticate API Gateway to an HTTP backend; the backend here is Lambda.
  #checkov:skip=CKV2_AWS_4:Execution logging needs the account-level CloudWatch role; see the method settings below.
  rest_api_id   = aws_api_gateway_rest_api.sessions.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = var.environment
  description   = "The ${var.environment} stage of ${aws_api_gateway_rest_api.sessions.name}"
}
# --8<-- [end:deployment]

# --8<-- [start:method-settings]
# Throttling for every method of the stage; per-method metrics only when asked
# for (CloudWatch bills them as custom metrics). Execution logging stays
# OFF: turning it on fails unless the account has a CloudWatch role set with
# aws_api_gateway_account, an account-wide singleton this stack does not own.
resource "aws_api_gateway_method_settings" "all" {
  #checkov:skip=CKV_AWS_225:A cache bills per hour and would answer GET with a session already revoked.
  rest_api_id = aws_api_gateway_rest_api.sessions.id
  stage_name  = aws_api_gateway_stage.api.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled = var.detailed_metrics_enabled
    logging_level   = "OFF"
    # --8<-- [start:exercise-m4-throttling]
    throttling_rate_limit  = var.throttling_rate_limit
    throttling_burst_limit = var.throttling_burst_limit
    # --8<-- [end:exercise-m4-throttling]
  }
}
# --8<-- [end:method-settings]

# --8<-- [start:usage-plan]
# The usage plan is bound to the stage. Its throttle and quota count only
# requests that carry an API key of the plan (api_key_required_enabled), and
# API Gateway applies them on a best-effort basis: they are not a billing cap.
resource "aws_api_gateway_usage_plan" "api" {
  name        = "${local.name_prefix}-usage-plan"
  description = "Per-key throttle and quota for ${aws_api_gateway_rest_api.sessions.name}"

  api_stages {
    api_id = aws_api_gateway_rest_api.sessions.id
    stage  = aws_api_gateway_stage.api.stage_name
  }

  throttle_settings {
    rate_limit  = var.throttling_rate_limit
    burst_limit = var.throttling_burst_limit
  }

  quota_settings {
    limit  = var.usage_plan_quota_limit
    period = var.usage_plan_quota_period
  }
}

resource "aws_api_gateway_api_key" "client" {
  count = var.api_key_required_enabled ? 1 : 0

  name        = "${local.name_prefix}-client"
  description = "Key clients send in x-api-key; its traffic counts against the usage plan."
}

resource "aws_api_gateway_usage_plan_key" "client" {
  count = var.api_key_required_enabled ? 1 : 0

  key_id        = aws_api_gateway_api_key.client[0].id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.api.id
}
# --8<-- [end:usage-plan]
