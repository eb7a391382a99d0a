"""The floor again, with the client built from botocore's own session instead of boto3's.

`boto3.client(...)` creates a boto3 Session, which loads the resource models' loader paths,
registers its customisations (resources, S3 transfer, DynamoDB's Table helpers...) and then
asks botocore for the same low-level client. This handler asks botocore directly; the client,
its calls and its errors are the same.
"""

from __future__ import annotations

import os
import time
from typing import Any

import botocore.session
from botocore.config import Config

TABLE_NAME = os.environ["DYNAMODB_TABLE_NAME"]
CLIENT: Any = (
    botocore.session.get_session().create_client(  # botocore builds its classes at run time
        "dynamodb",
        config=Config(
            connect_timeout=1,
            read_timeout=2,
            retries={"total_max_attempts": 2, "mode": "standard"},
        ),
    )
)


def handler(event: object, context: object) -> dict[str, object]:
    """Write one item, answer 200."""
    CLIENT.put_item(TableName=TABLE_NAME, Item={"session_id": {"S": f"floor-{time.time_ns()}"}})
    return {"statusCode": 200, "headers": {}, "body": "", "isBase64Encoded": False}
