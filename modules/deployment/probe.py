"""The one answer to "is the sandbox up?"."""

from __future__ import annotations

import urllib.error
import urllib.request


def is_answering(endpoint: str, timeout_s: float = 1.0) -> bool:
    """Tell whether a moto server answers at endpoint."""
    # The dashboard page is cheap; /moto-api/data.json answers 500 once the server holds a
    # Lambda function, and a server that answers with an error still answers.
    try:
        with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=timeout_s):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False
