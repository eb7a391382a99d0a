"""Entry points: how the outside world calls the service (the Lambda handler)."""
