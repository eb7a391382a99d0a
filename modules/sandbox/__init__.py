"""The sandbox: a local AWS (moto in server mode) and Terraform applied into it."""
