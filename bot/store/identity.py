"""Pseudonymous person keys: a keyed hash of channel + platform id, so the raw id is never stored.

To write back to a person (a worker's reply, a check-in they asked for) the platform id is kept
sealed (Fernet, a key derived from the same secret), never in the clear.

The key lives outside the database (MADOGUCHI_SECRET, or a file beside it created on first run):
a copied database alone cannot be matched back to LINE or Telegram accounts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken


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


def _fernet(key: bytes) -> Fernet:
    derived = hashlib.sha256(b"madoguchi-address:" + key).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(key: bytes, platform_id: str) -> str:
    return _fernet(key).encrypt(platform_id.encode()).decode("ascii")


def unseal(key: bytes, sealed: str) -> str | None:
    try:
        return _fernet(key).decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return None
