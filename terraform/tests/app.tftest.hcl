# Static checks of the app stack with a mocked AWS provider: no AWS, no credentials.
# The function package must exist (`make zip`, or -var lambda_zip_path=<zip>).
# Computed ARNs get realistic mock values: the provider validates ARN arguments.
mock_provider "aws" {
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/hexagonal-auth-dev-lambda-execution"
    }
  }

  mock_resource "aws_dynamodb_table" {
    defaults = {
      arn = "arn:aws:dynamodb:us-east-1:123456789012:table/hexagonal-auth-dev-sessions"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/hexagonal-auth-dev-session-api"
    }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn           = "arn:aws:lambda:us-east-1:123456789012:function:hexagonal-auth-dev-session-api"
      qualified_arn = "arn:aws:lambda:us-east-1:123456789012:function:hexagonal-auth-dev-session-api:1"
      invoke_arn    = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hexagonal-auth-dev-session-api/invocations"
      version       = "1"
    }
  }

  mock_resource "aws_lambda_alias" {
    defaults = {
      arn        = "arn:aws:lambda:us-east-1:123456789012:function:hexagonal-auth-dev-session-api:live"
      invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hexagonal-auth-dev-session-api:live/invocations"
    }
  }

  mock_resource "aws_api_gateway_rest_api" {
    defaults = {
      execution_arn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5"
    }
  }

  mock_resource "aws_api_gateway_stage" {
    defaults = {
      invoke_url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev"
    }
  }
  # --8<-- [start:from-m5-mock-user-pool]

  mock_resource "aws_cognito_user_pool" {
    defaults = {
      arn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a1B2c3D4e"
    }
  }
  # --8<-- [end:from-m5-mock-user-pool]
}

run "names_follow_the_project_environment_prefix" {
  assert {
    condition     = aws_dynamodb_table.sessions.name == "hexagonal-auth-dev-sessions"
    error_message = "The table must be named <project>-<environment>-sessions."
  }

  assert {
    condition     = aws_lambda_function.session_api.function_name == "hexagonal-auth-dev-session-api" && aws_lambda_alias.live.name == "live"
    error_message = "The function must be hexagonal-auth-dev-session-api with the alias live."
  }

  assert {
    condition     = aws_cloudwatch_log_group.lambda.name == "/aws/lambda/hexagonal-auth-dev-session-api"
    error_message = "The log group must be the function's own /aws/lambda/<function>."
  }

  assert {
    condition     = aws_iam_role.lambda_execution.name == "hexagonal-auth-dev-lambda-execution"
    error_message = "The role must be named <prefix>-lambda-execution."
  }

  assert {
    condition     = aws_api_gateway_rest_api.sessions.name == "hexagonal-auth-dev-api" && aws_api_gateway_stage.api.stage_name == "dev" && aws_api_gateway_usage_plan.api.name == "hexagonal-auth-dev-usage-plan"
    error_message = "API, stage and usage plan must follow the naming contract."
  }
}

run "sessions_table_is_on_demand_with_ttl_and_default_encryption" {
  assert {
    condition     = aws_dynamodb_table.sessions.billing_mode == "PAY_PER_REQUEST"
    error_message = "The table must be on-demand (PAY_PER_REQUEST)."
  }

  assert {
    condition     = aws_dynamodb_table.sessions.hash_key == "session_id" && one([for a in aws_dynamodb_table.sessions.attribute : a.type if a.name == "session_id"]) == "S"
    error_message = "The hash key must be session_id of type S."
  }

  assert {
    condition     = aws_dynamodb_table.sessions.ttl[0].attribute_name == "expires_at" && aws_dynamodb_table.sessions.ttl[0].enabled
    error_message = "TTL must be on, on expires_at."
  }

  assert {
    condition     = aws_dynamodb_table.sessions.point_in_time_recovery[0].enabled == false
    error_message = "Point-in-time recovery is for prod only."
  }
}

run "execution_role_is_trusted_by_lambda_only" {
  assert {
    condition = jsondecode(aws_iam_role.lambda_execution.assume_role_policy).Statement == [
      {
        Sid       = "LambdaAssumesRole"
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
    error_message = "Only lambda.amazonaws.com may assume the role."
  }
}

# --8<-- [start:least-privilege]
run "execution_role_may_do_exactly_what_the_code_calls" {
  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.lambda_execution.policy).Statement : s.Action
    ])) == toset(["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem", "logs:CreateLogStream", "logs:PutLogEvents"])
    error_message = "The role must allow exactly PutItem, GetItem, DeleteItem, CreateLogStream and PutLogEvents."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.lambda_execution.policy).Statement :
      s.Effect == "Allow" && length(distinct([for a in flatten([s.Action]) : split(":", a)[0]])) == 1
    ])
    error_message = "Every statement must allow the actions of one service only."
  }

  assert {
    condition = {
      for s in jsondecode(aws_iam_role_policy.lambda_execution.policy).Statement :
      split(":", flatten([s.Action])[0])[0] => flatten([s.Resource])
      } == {
      dynamodb = [aws_dynamodb_table.sessions.arn]
      logs     = ["${aws_cloudwatch_log_group.lambda.arn}:*"]
    }
    error_message = "DynamoDB actions must name the table ARN only, and log actions the function's own log group only."
  }

  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_role_policy.lambda_execution.policy).Statement : [
        for r in flatten([s.Resource]) : r != "*" && !strcontains(trimsuffix(r, ":*"), "*")
      ]
    ]))
    error_message = "No statement may use a wildcard resource (only the :* of the log group's streams)."
  }

  assert {
    condition     = !strcontains(aws_iam_role_policy.lambda_execution.policy, "CreateLogGroup")
    error_message = "Terraform creates the log group: the function needs no logs:CreateLogGroup."
  }
}
# --8<-- [end:least-privilege]

run "function_is_python_on_arm64_with_its_limits" {
  assert {
    condition     = aws_lambda_function.session_api.runtime == "python3.13" && aws_lambda_function.session_api.architectures == tolist(["arm64"])
    error_message = "The function must run python3.13 on arm64."
  }

  assert {
    condition     = aws_lambda_function.session_api.memory_size == 128 && aws_lambda_function.session_api.timeout == 10
    error_message = "The function must have 128 MB and 10 s."
  }

  assert {
    condition     = aws_lambda_function.session_api.handler == "auth_sessions.entrypoints.lambda_handler.handler"
    error_message = "The handler must be auth_sessions.entrypoints.lambda_handler.handler."
  }

  assert {
    condition = aws_lambda_function.session_api.environment[0].variables == tomap({
      DYNAMODB_TABLE_NAME = aws_dynamodb_table.sessions.name
      ENVIRONMENT         = "dev"
      LOG_LEVEL           = "INFO"
    })
    error_message = "The function's environment must be DYNAMODB_TABLE_NAME, ENVIRONMENT and LOG_LEVEL."
  }

  assert {
    condition     = aws_lambda_function.session_api.publish && aws_lambda_alias.live.function_version == aws_lambda_function.session_api.version
    error_message = "Each change must publish a version, and the alias must point at it."
  }

  assert {
    condition     = aws_lambda_function.session_api.logging_config[0].log_format == "JSON" && aws_lambda_function.session_api.logging_config[0].log_group == aws_cloudwatch_log_group.lambda.name
    error_message = "Lambda must write JSON logs to the function's log group."
  }

  assert {
    condition     = aws_lambda_function.session_api.source_code_hash == filebase64sha256(var.lambda_zip_path)
    error_message = "source_code_hash must be the package's filebase64sha256, so a new zip redeploys."
  }
}

run "dev_keeps_logs_seven_days" {
  assert {
    condition     = aws_cloudwatch_log_group.lambda.retention_in_days == 7
    error_message = "dev keeps logs 7 days."
  }
}

run "prod_keeps_logs_thirty_days_and_backs_the_table_up" {
  variables {
    environment = "prod"
  }

  assert {
    condition     = aws_cloudwatch_log_group.lambda.retention_in_days == 30
    error_message = "prod keeps logs 30 days."
  }

  assert {
    condition     = aws_dynamodb_table.sessions.point_in_time_recovery[0].enabled && aws_dynamodb_table.sessions.deletion_protection_enabled
    error_message = "prod turns on point-in-time recovery and deletion protection."
  }

  assert {
    condition     = aws_dynamodb_table.sessions.name == "hexagonal-auth-prod-sessions" && aws_api_gateway_stage.api.stage_name == "prod"
    error_message = "prod gets its own names and stage."
  }
}

run "explicit_log_retention_wins" {
  variables {
    log_retention_days = 90
  }

  assert {
    condition     = aws_cloudwatch_log_group.lambda.retention_in_days == 90
    error_message = "log_retention_days must override the environment's default."
  }
}

run "api_routes_call_the_alias_through_a_proxy_integration" {
  assert {
    condition = {
      for key, m in aws_api_gateway_method.lambda : key => [m.http_method, m.resource_id, m.authorization]
      } == {
      # --8<-- [start:until-m4-create-authorization]
      create_session = ["POST", aws_api_gateway_resource.sessions.id, "NONE"]
      # --8<-- [end:until-m4-create-authorization]
      # --8<-- [start:from-m5-create-authorization]
      create_session = ["POST", aws_api_gateway_resource.sessions.id, "COGNITO_USER_POOLS"]
      # --8<-- [end:from-m5-create-authorization]
      get_session    = ["GET", aws_api_gateway_resource.current_session.id, "NONE"]
      revoke_session = ["DELETE", aws_api_gateway_resource.current_session.id, "NONE"]
    }
    error_message = "The routes must be POST /sessions, GET and DELETE /sessions/current."
  }

  assert {
    condition     = aws_api_gateway_resource.sessions.path_part == "sessions" && aws_api_gateway_resource.current_session.path_part == "current" && aws_api_gateway_resource.current_session.parent_id == aws_api_gateway_resource.sessions.id
    error_message = "The resources must be /sessions and /sessions/current: no path part may carry a session's secret."
  }

  assert {
    condition = alltrue([
      for i in aws_api_gateway_integration.lambda : i.type == "AWS_PROXY" && i.integration_http_method == "POST" && i.uri == aws_lambda_alias.live.invoke_arn
    ])
    error_message = "Every route must be an AWS_PROXY integration (POST) to the alias."
  }

  assert {
    condition     = aws_api_gateway_rest_api.sessions.endpoint_configuration[0].types == tolist(["REGIONAL"])
    error_message = "The API must be REGIONAL."
  }
}

run "api_gateway_may_invoke_the_alias_from_its_own_routes_only" {
  assert {
    condition = alltrue([
      for p in aws_lambda_permission.api_gateway : p.principal == "apigateway.amazonaws.com" && p.action == "lambda:InvokeFunction" && p.qualifier == "live"
    ])
    error_message = "Only API Gateway may invoke, and only the live alias."
  }

  assert {
    condition = {
      for key, p in aws_lambda_permission.api_gateway : key => p.source_arn
      } == {
      create_session = "${aws_api_gateway_rest_api.sessions.execution_arn}/dev/POST/sessions"
      get_session    = "${aws_api_gateway_rest_api.sessions.execution_arn}/dev/GET/sessions/current"
      revoke_session = "${aws_api_gateway_rest_api.sessions.execution_arn}/dev/DELETE/sessions/current"
    }
    error_message = "Each permission must name this API, its stage, one method and one path."
  }
}

run "cors_preflight_answers_from_a_mock_with_declared_headers" {
  assert {
    condition     = length(aws_api_gateway_method.cors) == 2 && alltrue([for m in aws_api_gateway_method.cors : m.http_method == "OPTIONS"])
    error_message = "Both resources must have an OPTIONS method."
  }

  assert {
    condition = alltrue([
      for i in aws_api_gateway_integration.cors : i.type == "MOCK" && jsondecode(i.request_templates["application/json"]) == { statusCode = 200 }
    ])
    error_message = "The preflight must be a MOCK integration whose template returns statusCode 200."
  }

  assert {
    condition = alltrue([
      for r in aws_api_gateway_method_response.cors : r.status_code == "200" && r.response_parameters == tomap({
        "method.response.header.Access-Control-Allow-Headers" = true
        "method.response.header.Access-Control-Allow-Methods" = true
        "method.response.header.Access-Control-Allow-Origin"  = true
      })
    ])
    error_message = "The OPTIONS method responses must declare the three Access-Control-Allow-* headers."
  }

  assert {
    condition = {
      for key, r in aws_api_gateway_integration_response.cors : key => r.response_parameters["method.response.header.Access-Control-Allow-Methods"]
      } == {
      sessions        = "'POST,OPTIONS'"
      current_session = "'GET,DELETE,OPTIONS'"
    }
    error_message = "Each preflight must allow the methods of its resource."
  }

  assert {
    condition     = alltrue([for r in aws_api_gateway_integration_response.cors : r.response_parameters["method.response.header.Access-Control-Allow-Origin"] == "'*'" && r.status_code == "200"])
    error_message = "The preflight must answer 200 with the allowed origin."
  }

  assert {
    condition = alltrue([
      for r in aws_api_gateway_integration_response.cors :
      r.response_parameters["method.response.header.Access-Control-Allow-Headers"] == "'Authorization,Content-Type'"
    ])
    error_message = "Without API keys the preflight allows Authorization (the session token) and Content-Type, as the function does."
  }

  assert {
    condition = {
      for type, r in aws_api_gateway_gateway_response.cors : type => r.response_parameters["gatewayresponse.header.Access-Control-Allow-Origin"]
      } == {
      DEFAULT_4XX = "'*'"
      DEFAULT_5XX = "'*'"
    }
    error_message = "API Gateway's own 4XX and 5XX answers (429 included) must carry the CORS header."
  }
}

run "stage_throttles_and_the_usage_plan_is_bound_to_it" {
  assert {
    condition = (
      one(aws_api_gateway_method_settings.all.settings).metrics_enabled == false
      && one(aws_api_gateway_method_settings.all.settings).logging_level == "OFF"
      && one(aws_api_gateway_method_settings.all.settings).throttling_rate_limit == 10
      && one(aws_api_gateway_method_settings.all.settings).throttling_burst_limit == 20
    )
    error_message = "Every method must be throttled (10 rps, burst 20), with per-method metrics (billed by CloudWatch) and execution logging off by default."
  }

  assert {
    condition     = aws_api_gateway_method_settings.all.method_path == "*/*" && aws_api_gateway_method_settings.all.stage_name == aws_api_gateway_stage.api.stage_name
    error_message = "The settings must cover every method of the stage."
  }

  assert {
    condition     = one(aws_api_gateway_usage_plan.api.api_stages).api_id == aws_api_gateway_rest_api.sessions.id && one(aws_api_gateway_usage_plan.api.api_stages).stage == aws_api_gateway_stage.api.stage_name
    error_message = "The usage plan must be bound to this API's stage."
  }

  assert {
    condition     = one(aws_api_gateway_usage_plan.api.quota_settings).limit == 10000 && one(aws_api_gateway_usage_plan.api.quota_settings).period == "DAY" && one(aws_api_gateway_usage_plan.api.throttle_settings).rate_limit == 10 && one(aws_api_gateway_usage_plan.api.throttle_settings).burst_limit == 20
    error_message = "The usage plan must carry the quota and the throttle."
  }

  assert {
    condition     = aws_api_gateway_stage.api.deployment_id == aws_api_gateway_deployment.api.id && length(aws_api_gateway_deployment.api.triggers["redeployment"]) == 40
    error_message = "The stage must serve the deployment, which redeploys on a hash of the API."
  }
}

run "detailed_metrics_can_be_turned_on" {
  variables {
    detailed_metrics_enabled = true
  }

  assert {
    condition     = one(aws_api_gateway_method_settings.all.settings).metrics_enabled == true
    error_message = "detailed_metrics_enabled = true must turn the per-method CloudWatch metrics on."
  }
}

run "without_api_keys_no_key_exists_and_methods_stay_open" {
  assert {
    condition     = length(aws_api_gateway_api_key.client) == 0 && length(aws_api_gateway_usage_plan_key.client) == 0 && alltrue([for m in aws_api_gateway_method.lambda : m.api_key_required == false])
    error_message = "API keys are off by default."
  }
}

run "with_api_keys_the_quota_applies_to_the_key" {
  variables {
    api_key_required_enabled = true
  }

  assert {
    condition     = alltrue([for m in aws_api_gateway_method.lambda : m.api_key_required])
    error_message = "Every session method must require the key."
  }

  assert {
    condition     = alltrue([for r in aws_api_gateway_integration_response.cors : strcontains(r.response_parameters["method.response.header.Access-Control-Allow-Headers"], "X-Api-Key")])
    error_message = "With API keys the preflight must let browsers send x-api-key."
  }

  assert {
    condition     = aws_api_gateway_usage_plan_key.client[0].usage_plan_id == aws_api_gateway_usage_plan.api.id && aws_api_gateway_usage_plan_key.client[0].key_id == aws_api_gateway_api_key.client[0].id && aws_api_gateway_usage_plan_key.client[0].key_type == "API_KEY"
    error_message = "The key must be bound to the usage plan."
  }
}

run "sandbox_switch_turns_off_json_logs_only" {
  variables {
    lambda_json_logs_enabled = false
  }

  assert {
    condition     = length(aws_lambda_function.session_api.logging_config) == 0 && aws_lambda_function.session_api.runtime == "python3.13"
    error_message = "The switch must remove logging_config and nothing else."
  }
}

run "outputs_give_what_the_course_commands_need" {
  assert {
    condition     = output.api_url == aws_api_gateway_stage.api.invoke_url && output.rest_api_id == aws_api_gateway_rest_api.sessions.id && output.stage_name == "dev" && output.usage_plan_id == aws_api_gateway_usage_plan.api.id
    error_message = "API outputs must come from the stage, the API and the usage plan."
  }

  assert {
    condition     = output.table_name == aws_dynamodb_table.sessions.name && output.table_arn == aws_dynamodb_table.sessions.arn && output.log_group_name == aws_cloudwatch_log_group.lambda.name
    error_message = "Table and log group outputs must match the resources."
  }

  assert {
    condition     = output.function_name == aws_lambda_function.session_api.function_name && output.function_arn == aws_lambda_function.session_api.arn && output.function_alias_name == "live" && output.function_alias_arn == aws_lambda_alias.live.arn && output.role_name == aws_iam_role.lambda_execution.name && output.role_arn == aws_iam_role.lambda_execution.arn
    error_message = "Function and role outputs must match the resources."
  }
}

run "environment_must_be_dev_staging_or_prod" {
  command = plan

  variables {
    environment = "qa"
  }

  expect_failures = [var.environment]
}

run "log_retention_must_be_a_value_cloudwatch_accepts" {
  command = plan

  variables {
    log_retention_days = 8
  }

  expect_failures = [var.log_retention_days]
}

run "timeout_must_fit_api_gateways_limit" {
  command = plan

  variables {
    lambda_timeout_seconds = 30
  }

  expect_failures = [var.lambda_timeout_seconds]
}

run "package_path_must_be_a_zip_that_exists" {
  command = plan

  variables {
    lambda_zip_path = "missing/lambda.zip"
  }

  expect_failures = [var.lambda_zip_path]
}
# --8<-- [start:from-m5-cognito]

run "post_needs_an_id_token_of_the_user_pool" {
  assert {
    condition     = aws_api_gateway_authorizer.cognito.type == "COGNITO_USER_POOLS" && aws_api_gateway_authorizer.cognito.provider_arns == toset([aws_cognito_user_pool.users.arn]) && aws_api_gateway_authorizer.cognito.identity_source == "method.request.header.Authorization"
    error_message = "The authorizer must check the Authorization header against the course's user pool."
  }

  assert {
    condition     = aws_api_gateway_method.lambda["create_session"].authorizer_id == aws_api_gateway_authorizer.cognito.id && aws_api_gateway_method.lambda["get_session"].authorizer_id == null
    error_message = "Only POST /sessions goes through the Cognito authorizer."
  }

  assert {
    condition     = aws_cognito_user_pool_client.web.generate_secret == false && contains(aws_cognito_user_pool_client.web.explicit_auth_flows, "ALLOW_USER_SRP_AUTH")
    error_message = "The app client is public (no secret) and allows SRP."
  }

  assert {
    condition     = aws_cognito_user_pool.users.password_policy[0].minimum_length >= 12 && aws_cognito_user_pool.users.deletion_protection == "INACTIVE"
    error_message = "Passwords need at least 12 characters; dev pools can be destroyed."
  }
}
# --8<-- [end:from-m5-cognito]
