"""The tiny GPT's training text: reproducible, the right size, and skewed exactly as documented."""
from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

import pytest

from ailit.models.corpus import build_corpus, load_skew, measured_skew

MB = 1_000_000


@pytest.fixture(scope="module")
def corpus() -> str:
    return build_corpus(seed=0, target_bytes=MB)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the packaged data folder, to break on purpose."""
    folder = tmp_path / "corpus"
    shutil.copytree(Path(str(files("ailit.models") / "corpus")), folder)
    return folder


def test_same_seed_gives_identical_text(corpus: str) -> None:
    assert build_corpus(seed=0, target_bytes=MB) == corpus


def test_different_seeds_give_different_text() -> None:
    assert build_corpus(seed=1, target_bytes=100_000) != build_corpus(seed=2, target_bytes=100_000)


@pytest.mark.parametrize("target", [20_000, 100_000, MB])
def test_size_is_within_five_percent_of_target(target: int) -> None:
    size = len(build_corpus(seed=3, target_bytes=target).encode("utf-8"))
    assert abs(size - target) <= 0.05 * target


def test_measured_skew_matches_skew_yaml_shares(corpus: str) -> None:
    documented = load_skew()["occupations"]
    measured = measured_skew(corpus)
    assert set(measured) == set(documented)
    for job, shares in documented.items():
        assert measured[job]["share_she"] == pytest.approx(shares["she"], abs=0.03), job


def test_every_occupation_has_at_least_300_skew_sentences_in_1_mb(corpus: str) -> None:
    counts = {job: m["she"] + m["he"] for job, m in measured_skew(corpus).items()}
    assert min(counts.values()) >= 300, counts


def test_every_template_slot_is_filled(corpus: str) -> None:
    assert "{" not in corpus and "}" not in corpus


def test_unknown_template_slot_raises_value_error_naming_the_file(data_copy: Path) -> None:
    templates = data_copy / "templates.yaml"
    templates.write_text(
        templates.read_text(encoding="utf-8").replace(
            "\ntemplates:\n", '\ntemplates:\n  - "The class painted the wall {colour}."\n', 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"^templates\.yaml: template 1 uses unknown slot \{colour\}"):
        build_corpus(seed=0, target_bytes=10_000, data_dir=data_copy)


def test_missing_data_file_raises_value_error_naming_it(data_copy: Path) -> None:
    (data_copy / "skew.yaml").unlink()
    with pytest.raises(ValueError, match=r"^skew\.yaml: file not found"):
        build_corpus(seed=0, target_bytes=10_000, data_dir=data_copy)
