# Partial configuration: every target passes its own file from backends/ plus
# the bucket created by bootstrap/, e.g.
#   terraform init -backend-config=backends/dev.s3.tfbackend \
#     -backend-config="bucket=$(terraform -chdir=bootstrap output -raw state_bucket_name)"
terraform {
  backend "s3" {}
}
