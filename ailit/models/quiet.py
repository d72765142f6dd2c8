"""Keep library noise off stderr: nbgrader scores any stderr in a test cell as zero.

Also keeps the hub offline unless the deployment says otherwise (HF_HUB_OFFLINE=0).
Imported before transformers by everything that loads a model.
"""
from __future__ import annotations

import logging
import os
import warnings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", os.environ["HF_HUB_OFFLINE"])
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")

for _module in ("torch", "transformers", "accelerate", "gguf", "huggingface_hub", "tokenizers"):
    warnings.filterwarnings("ignore", module=_module)
    logging.getLogger(_module).setLevel(logging.ERROR)


def silence_transformers() -> None:
    """transformers resets its own logger on import; call after importing it."""
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
