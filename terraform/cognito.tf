# Module 5: who may open a session. A Cognito user pool signs its users in and
# issues ID tokens; API Gateway checks them before POST /sessions reaches the
# function, and the session's user is the token's `sub` claim.

# --8<-- [start:user-pool]
resource "aws_cognito_user_pool" "users" {
  #checkov:skip=CKV_AWS_366:Threat protection needs the Plus feature plan, billed per active user; the course stays on Lite.
  name = "${local.name_prefix}-users"

  # Lite: password sign-in and tokens, the cheapest plan per active user.
  user_pool_tier = "LITE"

  # People sign in with their email; Cognito checks it with a code before the
  # account can sign in.
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]

  username_configuration {
    case_sensitive = false
  }

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = false
    temporary_password_validity_days = 3
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  # A deleted pool takes every account with it: prod refuses to be destroyed.
  deletion_protection = local.is_production ? "ACTIVE" : "INACTIVE"
}
# --8<-- [end:user-pool]

# --8<-- [start:app-client]
# A public client (a browser, a phone, the AWS CLI) cannot keep a secret, so it
# has none. SRP is the flow a real client uses; USER_PASSWORD_AUTH is for the
# course's CLI steps and sends the password itself to Cognito over TLS.
resource "aws_cognito_user_pool_client" "web" {
  name         = "${local.name_prefix}-web"
  user_pool_id = aws_cognito_user_pool.users.id

  # --8<-- [start:exercise-m5-public-client]
  generate_secret = false
  explicit_auth_flows = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
  ]
  # --8<-- [end:exercise-m5-public-client]

  # "User not found" and "wrong password" answer alike: no one can probe emails.
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true

  id_token_validity      = 60
  access_token_validity  = 60
  refresh_token_validity = 30
  token_validity_units {
    id_token      = "minutes"
    access_token  = "minutes"
    refresh_token = "days"
  }
}
# --8<-- [end:app-client]

# --8<-- [start:authorizer]
# API Gateway verifies the ID token in Authorization (signature, issuer, expiry)
# and hands its claims to the function; an invalid or missing token gets 401
# without the function running.
resource "aws_api_gateway_authorizer" "cognito" {
  name            = "${local.name_prefix}-cognito"
  rest_api_id     = aws_api_gateway_rest_api.sessions.id
  type            = "COGNITO_USER_POOLS"
  provider_arns   = [aws_cognito_user_pool.users.arn]
  identity_source = "method.request.header.Authorization"
}
# --8<-- [end:authorizer]
