"""User-facing text, looked up by key so that a translation is a data file, not a code change.

Each ``ailit/locale/<lang>/<group>.yaml`` holds nested keys; ``t("group.a.b")`` finds them.
The language comes from ``AILIT_LANG`` (default ``en``); a key missing in that language
falls back to English, so a partial translation still works.
"""
from __future__ import annotations

import os
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

DEFAULT_LANGUAGE = "en"


def _flatten(prefix: str, node: Any, out: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}", value, out)
    else:
        out[prefix] = str(node)


@lru_cache(maxsize=None)
def messages(language: str) -> dict[str, str]:
    """All messages of one language, keyed ``group.key.subkey``."""
    folder = files("ailit") / "locale" / language
    out: dict[str, str] = {}
    if not folder.is_dir():
        return out
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            try:
                data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise ValueError(f"locale/{language}/{entry.name}: not valid YAML ({exc})") from None
            _flatten(entry.name[: -len(".yaml")], data, out)
    return out


def t(key: str, **values: Any) -> str:
    """The message for ``key`` in the current language, formatted with ``values``."""
    language = os.environ.get("AILIT_LANG", DEFAULT_LANGUAGE)
    template = messages(language).get(key) or messages(DEFAULT_LANGUAGE).get(key)
    if template is None:
        raise KeyError(f"no message '{key}' in ailit/locale/{DEFAULT_LANGUAGE}/")
    return template.format(**values) if values else template
