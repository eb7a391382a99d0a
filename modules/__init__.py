"""Executable parts of the course: catalog, pricing, checks, local runtime, sandbox, CLI."""
