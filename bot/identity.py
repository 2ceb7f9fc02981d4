"""Pseudonymous person keys: a keyed hash of channel + platform id, so the raw id is never stored.

The key lives outside the database (MADOGUCHI_SECRET, or a file beside it created on first run):
a copied database alone cannot be matched back to LINE or Telegram accounts.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path


def load_or_create_key(path: Path) -> bytes:
    configured = os.environ.get("MADOGUCHI_SECRET")
    if configured:
        return configured.encode("utf-8")
    if path.exists():
        return path.read_text(encoding="ascii").strip().encode("ascii")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key.encode("ascii")


def person_key(key: bytes, channel: str, platform_id: str) -> str:
    digest = hmac.new(key, f"{channel}:{platform_id}".encode(), hashlib.sha256).hexdigest()
    return f"{channel}:{digest[:32]}"
