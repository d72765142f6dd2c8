"""SmolLM2 ships as GGUF; converting it costs ~20 s and 1.1 GB, so do it once into a cache.

The fp32 copy loads in about a second. The conversion writes into a temporary folder and
renames it into place, so an interrupted conversion never leaves a half-written cache.
"""
from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

from ailit.staging import staged_folder
from ailit.models.registry import ModelSpec, cache_root, package_folder
from ailit.text import t

COMPLETE_MARKER = "ailit-cache.json"


def cache_folder(model: ModelSpec) -> Path:
    version = importlib.metadata.version(model.package.replace("_", "-"))
    return cache_root() / f"{model.name}-{version}-fp32"


def is_cached(model: ModelSpec) -> bool:
    return (cache_folder(model) / COMPLETE_MARKER).is_file()


def convert(model: ModelSpec) -> Path:
    """Load the GGUF through transformers and save a plain fp32 copy in the cache."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    source = package_folder(model)
    target = cache_folder(model)
    print(t("models.converting", name=model.name, path=target), flush=True)
    with staged_folder(target) as staging:
        tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=model.gguf_file)
        lm = AutoModelForCausalLM.from_pretrained(source, gguf_file=model.gguf_file)
        # save_pretrained refuses a GGUF-loaded model until the quantizer marker is cleared.
        lm.hf_quantizer = None
        if hasattr(lm.config, "quantization_config"):
            del lm.config.quantization_config
        lm.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        (staging / COMPLETE_MARKER).write_text(
            json.dumps({"source": str(source / model.gguf_file)}), encoding="utf-8"
        )
    print(t("models.converted", name=model.name, path=target), flush=True)
    return target


def ensure_cached(model: ModelSpec, rebuild: bool = False) -> Path:
    if rebuild or not is_cached(model):
        return convert(model)
    return cache_folder(model)
