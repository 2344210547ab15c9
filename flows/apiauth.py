"""The Prefect API's secret: `provnews serve` turns on Prefect's basic auth.

Prefect 3 checks every API request against ``PREFECT_SERVER_API_AUTH_STRING``
(``user:password``, HTTP basic auth; only ``GET /api/health`` and ``/api/ready`` are
open) and its clients send ``PREFECT_API_AUTH_STRING``. `provnews serve` generates the
secret once, keeps it in ``$PREFECT_HOME/api-auth`` (mode 0600, owner only) and sets
both variables for the server, the deploy step and the worker, so every flow run has
it too. Another shell (``prefect deployment run …``) exports it from the file; the UI
asks for it once per browser (docs/security.md).
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

AUTH_FILE = "api-auth"
USER = "provnews"


class AuthFileError(RuntimeError):
    """The secret file is readable by others or malformed; the message says which."""


def ensure_auth_string(home: Path) -> str:
    """The secret in ``home/api-auth``, created (0600) when missing."""
    path = home / AUTH_FILE
    home.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        value = f"{USER}:{secrets.token_urlsafe(32)}"
        # O_EXCL + mode: the file never exists with wider permissions, even for a moment
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(value + "\n")
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise AuthFileError(f"{path} is readable by others (mode {mode:o}); chmod 600 it")
    value = path.read_text(encoding="utf-8").strip()
    if ":" not in value:
        raise AuthFileError(f"{path}: expected user:password on one line")
    return value


def auth_header(auth_string: str | None) -> dict[str, str]:
    """The header Prefect's client sends for ``PREFECT_API_AUTH_STRING``."""
    if not auth_string:
        return {}
    token = base64.b64encode(auth_string.encode("utf-8")).decode("ascii")
    return {"Authorization": f"Basic {token}"}


if __name__ == "__main__":  # the systemd units: `python -m flows.apiauth HOME` prints it
    import sys

    print(ensure_auth_string(Path(sys.argv[1])))
