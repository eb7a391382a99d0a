"""The sessions table as terraform/dynamodb.tf defines it, for fixtures and benchmarks."""

from __future__ import annotations

from typing import Any


def create_sessions_table(client: Any, name: str) -> None:
    """Create the table with the sessions schema (hash key session_id, TTL on expires_at)."""
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "session_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "session_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.get_waiter("table_exists").wait(
        TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 10}
    )
    client.update_time_to_live(
        TableName=name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"},
    )
