"""Adapters: the technology behind each port (DynamoDB, memory, clocks)."""
