"""The floor of a cold start: a plain boto3 handler that writes one item to DynamoDB.

It imports boto3, builds one DynamoDB client at init and makes one PutItem per request, the
least any Python function that stores a session in DynamoDB does; what a real handler adds on
top of it is its own overhead.
"""

from __future__ import annotations

import os
import time

import boto3
from botocore.config import Config

TABLE_NAME = os.environ["DYNAMODB_TABLE_NAME"]
# The session service's client configuration, so both build the very same client.
CLIENT = boto3.client(
    "dynamodb",
    config=Config(
        connect_timeout=1,
        read_timeout=2,
        retries={"total_max_attempts": 2, "mode": "standard"},
    ),
)


def handler(event: object, context: object) -> dict[str, object]:
    """Write one item, answer 200."""
    CLIENT.put_item(TableName=TABLE_NAME, Item={"session_id": {"S": f"floor-{time.time_ns()}"}})
    return {"statusCode": 200, "headers": {}, "body": "", "isBase64Encoded": False}
