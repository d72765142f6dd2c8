"""Which model plays each role, and the one place a hub overrides that choice.

Roles are declared in ``registry.yaml``; an environment variable per role swaps in another
model by Hugging Face id or local folder, so notebooks never name a concrete checkpoint.
"""
from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import platformdirs
import yaml

from ailit.text import t


class ModelUnavailable(RuntimeError):
    """A model cannot be loaded; the message says the command that fixes it."""


@dataclass(frozen=True)
class ModelSpec:
    name: str
    kind: str
    builtin: str
    env: str
    package: str | None = None
    gguf_file: str | None = None
    subfolder: str | None = None
    install: str | None = None
    fix: str | None = None

    @property
    def override(self) -> str | None:
        """A model id or folder set by the hub, or None for the built-in model."""
        return os.environ.get(self.env) or None


@lru_cache(maxsize=None)
def specs() -> dict[str, ModelSpec]:
    data = yaml.safe_load((files("ailit.models") / "registry.yaml").read_text(encoding="utf-8"))
    return {name: ModelSpec(name=name, **fields) for name, fields in data.items()}


def spec(name: str) -> ModelSpec:
    try:
        return specs()[name]
    except KeyError:
        raise ValueError(t("models.unknown_model", name=name, choices=", ".join(specs()))) from None


def cache_root() -> Path:
    """Where converted models live: ``AILIT_CACHE_DIR`` or the user's cache folder."""
    return Path(os.environ.get("AILIT_CACHE_DIR") or platformdirs.user_cache_dir("ailit"))


def device() -> str:
    return os.environ.get("AILIT_DEVICE", "cpu")


def threads() -> int:
    """CPU threads for model calls: ``AILIT_TORCH_THREADS``, default 1 (a typical hub pod's share)."""
    return max(1, int(os.environ.get("AILIT_TORCH_THREADS", "1")))


def package_folder(model: ModelSpec) -> Path:
    """The installed folder of a package that ships model files (never imported: see MODELS.md)."""
    found = importlib.util.find_spec(model.package) if model.package else None
    if found is None or not found.submodule_search_locations:
        raise ModelUnavailable(
            t("models.missing_package", name=model.name, package=model.package, install=model.install)
        )
    return Path(list(found.submodule_search_locations)[0])


def tiny_gpt_folder() -> Path:
    return Path(str(files("ailit.models") / "tiny_gpt"))
