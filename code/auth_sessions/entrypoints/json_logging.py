"""JSON log lines: one object per line, with the field names of Lambda's JSON log format."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime

LOGGER_NAME = "auth_sessions"
_HANDLER_NAME = "auth_sessions.json"

# Everything a LogRecord carries by itself; any other attribute came in through `extra`.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: timestamp, level, message, logger, then extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as one line of JSON, in ASCII so that any sink can take it."""
        moment = datetime.fromtimestamp(record.created, UTC)
        entry: dict[str, object] = {
            "timestamp": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
        }
        entry.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in _RECORD_ATTRIBUTES and key not in entry
        )
        if record.exc_info and record.exc_info[0] is not None:
            kind, error, trace = record.exc_info
            entry["errorType"] = kind.__name__
            entry["errorMessage"] = str(error)
            entry["stackTrace"] = traceback.format_tb(trace)
        return json.dumps({k: v for k, v in entry.items() if v is not None}, default=str)


# --8<-- [start:configure]
def configure_logging(level: str, *, runtime_json_logs: bool) -> logging.Logger:
    """Make the service's logger write JSON lines at level; return it."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    for handler in [h for h in logger.handlers if h.name == _HANDLER_NAME]:
        logger.removeHandler(handler)
    if runtime_json_logs:
        # Lambda's JSON log format already put a JSON formatter on the root logger and adds
        # `extra` fields to it: a second one here would print JSON inside JSON.
        logger.propagate = True
        return logger
    handler = logging.StreamHandler(sys.stdout)
    handler.name = _HANDLER_NAME
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    # The text format's handler on the root logger would print every line a second time.
    logger.propagate = False
    return logger


# --8<-- [end:configure]
