# Partial configuration: bucket, key and region come from -backend-config at
# `terraform init -migrate-state`, once the bucket below exists. The very first
# apply runs before the bucket exists, with a local state (see README.md here).
terraform {
  backend "s3" {}
}
