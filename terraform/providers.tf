# One provider block for every target. The sandbox is chosen by the environment
# (AWS_ENDPOINT_URL and test credentials), never by a different block here.
provider "aws" {
  region = var.region

  # Tags every resource the provider creates, so none is left untagged.
  default_tags {
    tags = {
      Project     = var.project
      Environment = var.environment
      ManagedBy   = "Terraform"
    }
  }
}
