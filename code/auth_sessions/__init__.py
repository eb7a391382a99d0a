"""The session service: create, read and revoke login sessions behind a hexagonal design."""
