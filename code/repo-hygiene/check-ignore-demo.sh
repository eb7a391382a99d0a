#!/usr/bin/env bash
# Show, in a scratch repository, which files the sample .gitignore keeps out of git.
# Run it from the root of the course repository: bash code/repo-hygiene/check-ignore-demo.sh
set -euo pipefail

# --8<-- [start:demo]
demo=$(mktemp -d)
cp code/repo-hygiene/gitignore "$demo/.gitignore"
git -C "$demo" init --quiet
mkdir -p "$demo/.terraform/providers"
(cd "$demo" && touch terraform.tfstate dev.tfvars .env .env.example id_ed25519 \
  .terraform.lock.hcl main.tf)
git -C "$demo" check-ignore -v --non-matching terraform.tfstate .terraform dev.tfvars \
  .env .env.example id_ed25519 .terraform.lock.hcl main.tf
rm -rf "$demo"
# --8<-- [end:demo]
