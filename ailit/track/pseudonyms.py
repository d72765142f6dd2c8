"""Pseudonymous teacher ids: a keyed hash, with the key kept outside the tracker database.

The same hub username gives the same pseudonym in every cohort (so a district can follow a
teacher across cohorts), but nobody holding only the database can reverse or recompute it.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import platformdirs


def key_file() -> Path:
    return Path(os.environ.get("AILIT_TRACKER_KEY_FILE") or Path(platformdirs.user_config_dir("ailit")) / "tracker.key")


def load_key(path: Path | None = None) -> bytes:
    """The secret key, created (readable by its owner only) on first use."""
    path = path or key_file()
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def pseudonym(key: bytes, hub_username: str) -> str:
    return "T-" + hmac.new(key, hub_username.encode("utf-8"), hashlib.sha256).hexdigest()[:12]
