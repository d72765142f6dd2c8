"""Load each role's model once per process, offline, with a clear fix when it cannot load."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ailit.models import quiet
from ailit.models.registry import ModelSpec, ModelUnavailable, device, package_folder, spec, threads, tiny_gpt_folder
from ailit.models.smollm2_cache import ensure_cached
from ailit.text import t

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase


def _source(model: ModelSpec) -> str | Path:
    """Where the weights come from: the hub's override, or the built-in copy."""
    if model.override:
        return model.override
    if model.builtin == "tiny-gpt":
        folder = tiny_gpt_folder()
        if not (folder / "config.json").is_file():
            raise ModelUnavailable(t("models.missing_tiny", path=folder, fix=model.fix))
        return folder
    if model.builtin == "smollm2-gguf":
        return ensure_cached(model)
    if model.builtin == "minilm-package":
        return package_folder(model) / model.subfolder
    raise ValueError(f"registry.yaml: model '{model.name}' has unknown builtin '{model.builtin}'")


def _load(model: ModelSpec, auto_class: str):
    import torch
    import transformers

    quiet.silence_transformers()
    # A hub pod usually has one CPU but sees the host's cores; more threads than CPUs slows
    # every call down badly on a busy machine.
    torch.set_num_threads(threads())
    source = _source(model)
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(source)
        weights = getattr(transformers, auto_class).from_pretrained(source)
    except (OSError, ValueError, RuntimeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if model.override:
            raise ModelUnavailable(
                t("models.override_failed", name=model.name, source=source, env=model.env, reason=reason)
            ) from None
        raise ModelUnavailable(t("models.broken_model", name=model.name, path=source, reason=reason, fix=model.fix)) from None
    weights.to(device()).eval()
    return weights, tokenizer


@lru_cache(maxsize=None)
def load_causal_lm(name: str) -> tuple["PreTrainedModel", "PreTrainedTokenizerBase"]:
    """A next-token model and its tokenizer: 'tiny', 'smollm2', or a role added to registry.yaml."""
    model = spec(name)
    if model.kind != "causal-lm":
        raise ValueError(t("models.unknown_model", name=name, choices="tiny, smollm2"))
    return _load(model, "AutoModelForCausalLM")


@lru_cache(maxsize=None)
def load_embedder() -> tuple["PreTrainedModel", "PreTrainedTokenizerBase"]:
    return _load(spec("embeddings"), "AutoModel")
