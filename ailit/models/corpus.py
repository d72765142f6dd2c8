"""The training text of the tiny GPT: school life, with a deliberate, documented gender skew.

The course trains its own small model so that teachers can see where a language model's
guesses come from. The text is built here from three data files in ``corpus/`` (see
``corpus/CORPUS.md``): hand-written passages, sentence templates, and ``skew.yaml``, which
pairs occupations with "she" or "he" at known rates so a later lesson can measure how much
of that skew the model learned. All English text lives in those files, never in this module.
"""
from __future__ import annotations

import math
import random
import re
from bisect import bisect_right
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

PASSAGE_REPEATS = 3  # each hand-written passage appears this many times, in shuffled rounds
PASSAGE_SHARE_MAX = 0.25  # passages never fill more than this share of the target size
PASSAGE_WORDS = (80, 250)  # allowed length of one passage, in words
PARAGRAPH_SENTENCES = (3, 8)  # generated paragraphs hold this many sentences
PRONOUN_DECK = 100  # pronouns are dealt from a shuffled deck of 100 per occupation, so a
# share given to two decimals holds exactly over every 100 sentences, not just on average
PRONOUNS = ("she", "he")

_SLOT = re.compile(r"\{([A-Za-z_]+)\}")


def _folder(data_dir: Path | Traversable | None) -> Traversable:
    return files("ailit.models") / "corpus" if data_dir is None else Path(data_dir)


def _read(folder: Traversable, name: str) -> str:
    entry = folder.joinpath(name)
    if not entry.is_file():
        raise ValueError(f"{name}: file not found in {folder}")
    try:
        return entry.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _yaml(folder: Traversable, name: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(_read(folder, name))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise ValueError(f"{name}: not valid YAML{where} ({problem})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping of keys at the top level")
    return data


def _slot_key(slot: str, known: set[str] | dict[str, Any]) -> tuple[str, bool] | None:
    """The filler list a slot uses, and whether to capitalise: {Name} uses `name`."""
    if slot in known:
        return slot, False
    lower = slot[0].lower() + slot[1:]
    if slot[0].isupper() and lower in known:
        return lower, True
    return None


def _check_slots(text: str, known: set[str], file: str, what: str) -> None:
    for slot in _SLOT.findall(text):
        if _slot_key(slot, known) is None:
            raise ValueError(f"{file}: {what} uses unknown slot {{{slot}}}")
    leftover = _SLOT.sub("", text)
    if "{" in leftover or "}" in leftover:
        raise ValueError(f"{file}: {what} has a brace that is not a slot like {{name}}: {text!r}")


def _fill(text: str, fillers: dict[str, list[str]], rng: random.Random) -> str:
    """Replace each slot by a random filler; a slot used twice in a sentence gets two different ones."""
    used: dict[str, set[str]] = {}

    def pick(match: re.Match[str]) -> str:
        key, capitalise = _slot_key(match.group(1), fillers)  # type: ignore[misc]  # checked on load
        options = fillers[key]
        taken = used.setdefault(key, set())
        fresh = [o for o in options if o not in taken] if taken else options
        value = rng.choice(fresh or options)
        taken.add(value)
        return value[0].upper() + value[1:] if capitalise else value

    return _SLOT.sub(pick, text)


@dataclass(frozen=True)
class _Templates:
    fillers: dict[str, list[str]]
    texts: list[str]
    cum_weights: list[float]


def _load_templates(folder: Traversable) -> _Templates:
    name = "templates.yaml"
    data = _yaml(folder, name)
    fillers = data.get("fillers")
    if not isinstance(fillers, dict) or not fillers:
        raise ValueError(f"{name}: needs a 'fillers' mapping of slot name to a list of words")
    clean: dict[str, list[str]] = {}
    for key, values in fillers.items():
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
            raise ValueError(f"{name}: filler '{key}' must be a non-empty list of non-empty strings")
        if any(k in v for v in values for k in "{}"):
            raise ValueError(f"{name}: filler '{key}' has a brace in one of its words")
        clean[str(key)] = values
    for reserved in ("occupation", "pronoun", "possessive", "object"):
        if reserved in clean:
            raise ValueError(f"{name}: filler '{reserved}' is reserved for skew.yaml")
    templates = data.get("templates")
    if not isinstance(templates, list) or not templates:
        raise ValueError(f"{name}: needs a non-empty 'templates' list")
    texts: list[str] = []
    weights: list[float] = []
    for number, item in enumerate(templates, start=1):
        if isinstance(item, dict):
            text, weight = item.get("text"), item.get("weight", 1)
        else:
            text, weight = item, 1
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{name}: template {number} has no text")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            raise ValueError(f"{name}: template {number} has weight {weight!r}; it must be a positive number")
        _check_slots(text, set(clean), name, f"template {number}")
        texts.append(text.strip())
        weights.append(float(weight))
    return _Templates(clean, texts, list(accumulate(weights)))


def _load_passages(folder: Traversable) -> list[tuple[str, str]]:
    """Each passage as one paragraph, with where it came from for error messages."""
    entry = folder.joinpath("passages")
    if not entry.is_dir():
        raise ValueError(f"passages/: folder not found in {folder}")
    passages: list[tuple[str, str]] = []
    for path in sorted((p for p in entry.iterdir() if p.name.endswith(".txt")), key=lambda p: p.name):
        name = f"passages/{path.name}"
        text = _read(entry, path.name)
        chunks = re.split(r"^[ \t]*---[ \t]*$", text, flags=re.MULTILINE)
        for number, chunk in enumerate(chunks, start=1):
            words = chunk.split()
            if not words:
                raise ValueError(f"{name}: passage {number} is empty (two '---' lines in a row?)")
            low, high = PASSAGE_WORDS
            if not low <= len(words) <= high:
                raise ValueError(f"{name}: passage {number} has {len(words)} words; passages need {low}-{high}")
            if "{" in chunk or "}" in chunk:
                raise ValueError(f"{name}: passage {number} has a brace; passages are plain text")
            passages.append((" ".join(words), f"{name}: passage {number}"))
    if not passages:
        raise ValueError(f"passages/: no .txt passages in {entry}")
    return passages


def _check_skew(data: dict[str, Any], filler_keys: set[str] | None) -> None:
    """Check skew.yaml's shape; with ``filler_keys`` (from templates.yaml) also its endings' slots."""
    name = "skew.yaml"
    if not isinstance(data.get("description"), str) or not data["description"].strip():
        raise ValueError(f"{name}: needs a 'description' saying why the skew exists")
    share = data.get("sentence_share")
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share < 1:
        raise ValueError(f"{name}: 'sentence_share' must be a number between 0 and 1, not {share!r}")
    occupations = data.get("occupations")
    if not isinstance(occupations, dict) or not occupations:
        raise ValueError(f"{name}: needs an 'occupations' mapping such as nurse: {{she: 0.9, he: 0.1}}")
    for job, shares in occupations.items():
        if not isinstance(job, str) or not re.fullmatch(r"[a-z][a-z -]*", job):
            raise ValueError(f"{name}: occupation {job!r} must be lower-case words")
        if not isinstance(shares, dict) or set(shares) != set(PRONOUNS):
            raise ValueError(f"{name}: occupation '{job}' needs exactly the shares 'she' and 'he'")
        for pronoun, value in shares.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ValueError(f"{name}: occupation '{job}' share {pronoun} must be between 0 and 1")
            if abs(value * PRONOUN_DECK - round(value * PRONOUN_DECK)) > 1e-6:
                raise ValueError(f"{name}: occupation '{job}' share {pronoun} {value} has more than two decimals")
        if abs(shares["she"] + shares["he"] - 1) > 1e-9:
            raise ValueError(f"{name}: occupation '{job}' shares she and he must add up to 1")
    pronouns = data.get("pronouns")
    if not isinstance(pronouns, dict) or set(pronouns) != set(PRONOUNS):
        raise ValueError(f"{name}: 'pronouns' must give the slot words of exactly 'she' and 'he'")
    forms = None
    for pronoun, words in pronouns.items():
        if not isinstance(words, dict) or not all(isinstance(w, str) and w for w in words.values()):
            raise ValueError(f"{name}: pronoun '{pronoun}' needs a mapping such as possessive: her")
        if forms is not None and set(words) != forms:
            raise ValueError(f"{name}: pronouns 'she' and 'he' must define the same slots")
        forms = set(words)
    frames = data.get("frames")
    if not isinstance(frames, list) or not frames:
        raise ValueError(f"{name}: needs a non-empty 'frames' list")
    for number, frame in enumerate(frames, start=1):
        if not isinstance(frame, str) or _SLOT.findall(frame) != ["occupation", "pronoun"]:
            raise ValueError(f"{name}: frame {number} must hold {{occupation}} once, then {{pronoun}}, no other slot")
        if not frame.endswith(" {pronoun}"):
            raise ValueError(f"{name}: frame {number} must end with a space and {{pronoun}}")
        if not frame[0].isupper():
            raise ValueError(f"{name}: frame {number} must start a sentence with a capital letter")
    if len(set(frames)) != len(frames):
        raise ValueError(f"{name}: a frame is listed twice")
    endings = data.get("endings")
    if not isinstance(endings, dict):
        raise ValueError(f"{name}: needs an 'endings' mapping from each frame to its endings")
    for frame in endings:
        if frame not in frames:
            raise ValueError(f"{name}: endings are given for {frame!r}, which is not in 'frames'")
    known = (filler_keys or set()) | (forms or set())
    for number, frame in enumerate(frames, start=1):
        options = endings.get(frame)
        if not isinstance(options, list) or not options or not all(isinstance(e, str) and e for e in options):
            raise ValueError(f"{name}: frame {number} needs a non-empty list of endings")
        if filler_keys is not None:
            for index, ending in enumerate(options, start=1):
                _check_slots(ending, known, name, f"ending {index} of frame {number}")


def load_skew(data_dir: Path | None = None) -> dict[str, Any]:
    """The parsed skew.yaml, checked, so the bias lessons and this builder read the same numbers."""
    folder = _folder(data_dir)
    data = _yaml(folder, "skew.yaml")
    _check_skew(data, None)
    return data


def _frame_regexes(skew: dict[str, Any]) -> list[str]:
    """One regex per frame, capturing the occupation and the pronoun that follows the frame."""
    jobs = "|".join(re.escape(j) for j in sorted(skew["occupations"], key=len, reverse=True))
    pronouns = "|".join(PRONOUNS)
    regexes = []
    for frame in skew["frames"]:
        before, after = frame.split("{occupation}")
        middle = after[: -len("{pronoun}")]
        regexes.append(rf"\b{re.escape(before)}({jobs})\b{re.escape(middle)}({pronouns})\b")
    return regexes


def _count_frames(text: str, skew: dict[str, Any]) -> dict[str, dict[str, int]]:
    counts = {job: {p: 0 for p in PRONOUNS} for job in skew["occupations"]}
    seen: set[int] = set()  # the pronoun's position: a sentence counts once even if two frames match it
    for regex in _frame_regexes(skew):
        for match in re.finditer(regex, text):
            if match.start(2) not in seen:
                seen.add(match.start(2))
                counts[match.group(1)][match.group(2)] += 1
    return counts


def measured_skew(text: str, data_dir: Path | None = None) -> dict[str, dict]:
    """How often each occupation meets "she" and "he" right after a skew frame in ``text``.

    This is what the model was actually shown, to set beside what it predicts. Returns
    ``{occupation: {"she": n, "he": n, "share_she": float}}``; share_she is nan when the
    text has no frame sentence for that occupation.
    """
    skew = load_skew(data_dir)
    out: dict[str, dict] = {}
    for job, counts in _count_frames(text, skew).items():
        total = counts["she"] + counts["he"]
        out[job] = {**counts, "share_she": counts["she"] / total if total else math.nan}
    return out


class _Sentences:
    """Deals normal and skew sentences from one seeded random generator."""

    def __init__(
        self, templates: _Templates, skew: dict[str, Any], guard: re.Pattern[str], rng: random.Random
    ) -> None:
        self.templates = templates
        self.skew = skew
        self.rng = rng
        self.guard = guard
        self.total_weight = templates.cum_weights[-1]
        # Skew endings may also use the pronoun's own words, e.g. {possessive} -> her / his.
        self.fillers_for = {
            p: {**templates.fillers, **{k: [v] for k, v in skew["pronouns"][p].items()}} for p in PRONOUNS
        }
        self.jobs: list[str] = []
        self.pronoun_decks: dict[str, list[str]] = {job: [] for job in skew["occupations"]}

    def normal(self) -> str:
        index = bisect_right(self.templates.cum_weights, self.rng.random() * self.total_weight)
        index = min(index, len(self.templates.texts) - 1)
        sentence = _fill(self.templates.texts[index], self.templates.fillers, self.rng)
        if self.guard.search(sentence):
            raise ValueError(
                f"templates.yaml: template {index + 1} produced a skew frame ({sentence!r}); "
                "pair occupations with she/he only in skew.yaml"
            )
        return sentence

    def skewed(self) -> str:
        if not self.jobs:  # every occupation once per round, so all get about the same count
            self.jobs = list(self.skew["occupations"])
            self.rng.shuffle(self.jobs)
        job = self.jobs.pop()
        deck = self.pronoun_decks[job]
        if not deck:
            she = round(self.skew["occupations"][job]["she"] * PRONOUN_DECK)
            deck.extend(["she"] * she + ["he"] * (PRONOUN_DECK - she))
            self.rng.shuffle(deck)
        pronoun = deck.pop()
        frame = self.rng.choice(self.skew["frames"])
        ending = _fill(self.rng.choice(self.skew["endings"][frame]), self.fillers_for[pronoun], self.rng)
        return f"{frame.replace('{occupation}', job).replace('{pronoun}', pronoun)} {ending}"

    def next(self) -> str:
        return self.skewed() if self.rng.random() < self.skew["sentence_share"] else self.normal()


def build_corpus(seed: int = 0, target_bytes: int = 1_000_000, data_dir: Path | None = None) -> str:
    """The training text: passages and generated paragraphs, about ``target_bytes`` UTF-8 bytes.

    The same seed always gives the same text, so a trained checkpoint can be traced back to
    exactly what it read. ``data_dir`` replaces the packaged ``corpus/`` folder (for tests or
    a translation).
    """
    if isinstance(target_bytes, bool) or not isinstance(target_bytes, int) or target_bytes <= 0:
        raise ValueError(f"build_corpus: target_bytes must be a positive whole number, not {target_bytes!r}")
    folder = _folder(data_dir)
    templates = _load_templates(folder)
    skew = _yaml(folder, "skew.yaml")
    _check_skew(skew, set(templates.fillers))
    passages = _load_passages(folder)
    guard = re.compile("|".join(_frame_regexes(skew)))
    for text, where in passages:
        found = guard.search(text)
        if found:
            start = found.start()
            raise ValueError(f"{where} contains a skew frame ({text[start:start + 60]!r}...); rephrase it")

    rng = random.Random(seed)
    queue: list[str] = []  # shuffled rounds of all passages, cut to the passage budget
    budget = PASSAGE_SHARE_MAX * target_bytes
    rounds = [[text for text, _ in passages] for _ in range(PASSAGE_REPEATS)]
    for order in rounds:
        rng.shuffle(order)
        for text in order:
            if budget - len(text.encode("utf-8")) - 2 < 0:
                break
            budget -= len(text.encode("utf-8")) + 2
            queue.append(text)
    queue.reverse()  # pop() from the end takes them in order
    passage_bytes = sum(len(p.encode("utf-8")) + 2 for p in queue)

    sentences = _Sentences(templates, skew, guard, rng)
    blocks: list[str] = []
    size = 1  # the final newline; each block adds its bytes and a two-byte separator
    low, high = PARAGRAPH_SENTENCES
    while True:
        room = target_bytes - size
        # Pick a passage with the chance that spreads the remaining passages evenly.
        if queue and rng.random() < passage_bytes / max(room, 1):
            cost = len(queue[-1].encode("utf-8")) + 2
            passage_bytes -= cost
            text = queue.pop()
            if cost <= room:
                blocks.append(text)
                size += cost
            continue
        paragraph: list[str] = []
        cost = 0
        full = False  # the next sentence no longer fits: this is the last paragraph
        for _ in range(rng.randint(low, high)):
            sentence = sentences.next()
            extra = len(sentence.encode("utf-8")) + (1 if paragraph else 2)
            if cost + extra > room:
                full = True
                break
            paragraph.append(sentence)
            cost += extra
        if paragraph:
            blocks.append(" ".join(paragraph))
            size += cost
        if full:
            break
    return "\n\n".join(blocks) + "\n"
