"""Competency frameworks load, have the shape their sources give, and broken files fail in one line."""
from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
import yaml

from ailit.course.competencies import framework_codes, graded_items
from ailit.errors import CourseError
from ailit.track.frameworks import load_crosswalk, load_framework, load_frameworks, unesco_blocks
from conftest import LAYOUT, MODULES

FOLDER = LAYOUT.frameworks
SHIPPED = {"unesco-ai-cft-2024", "jyt-0646-2022", "moe-genai-guidelines-2025", "digcompedu", "iste-educators", "ai4k12"}


@pytest.fixture
def broken(tmp_path) -> Path:
    """A writable copy of the frameworks folder, for tests that break a file on purpose."""
    return Path(shutil.copytree(FOLDER, tmp_path / "frameworks"))


def rewrite_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def load_all(folder: Path):
    return load_crosswalk(folder / "crosswalk.yaml", load_frameworks(folder))


def one_line_error(excinfo) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def test_shipped_frameworks_and_crosswalk_load():
    frameworks = load_frameworks(FOLDER)
    assert set(frameworks) == SHIPPED
    assert all(entry["name"] for framework in frameworks.values() for entry in framework.codes.values())
    assert load_crosswalk(FOLDER / "crosswalk.yaml", frameworks)


def test_unesco_has_15_blocks_in_5_dimensions_by_3_levels():
    blocks = unesco_blocks(FOLDER)
    assert len(blocks) == 15
    assert {(b["dimension"], b["level"]) for b in blocks.values()} == set(itertools.product(range(1, 6), range(1, 4)))
    assert all(b["name"] and b["description"] for b in blocks.values())


def test_unesco_blocks_are_the_codes_graded_cells_may_name():
    assert framework_codes(LAYOUT) == set(unesco_blocks(FOLDER))


def test_jyt_has_5_first_level_and_13_second_level_dimensions():
    tables = load_framework(FOLDER / "jyt-0646-2022.yaml").tables
    assert len(tables["first_level"]) == 5
    assert len(tables["second_level"]) == 13


def test_every_jyt_second_level_dimension_has_a_first_level_parent():
    framework = load_framework(FOLDER / "jyt-0646-2022.yaml")
    first = set(framework.tables["first_level"])
    assert all(framework.codes[code]["parent"] in first for code in framework.tables["second_level"])


def test_every_unesco_block_the_course_touches_is_in_the_crosswalk():
    touched = {code for module in MODULES for code in module.competencies}
    touched |= {code for module in MODULES for item in graded_items(LAYOUT, module) for code in item.competencies}
    crosswalk = load_all(FOLDER)
    assert touched and touched <= set(crosswalk)
    assert all(crosswalk[code] for code in touched)


def test_a_block_missing_a_field_names_the_file_and_the_code(broken):
    rewrite_yaml(broken / "unesco-ai-cft-2024.yaml", lambda d: d["blocks"]["2.2"].pop("description"))
    with pytest.raises(CourseError) as excinfo:
        load_frameworks(broken)
    assert one_line_error(excinfo).endswith("unesco-ai-cft-2024.yaml: 2.2: 'description' is a required property")


def test_a_code_repeated_as_a_yaml_key_is_an_error(broken):
    path = broken / "unesco-ai-cft-2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('  "2.3":', '  "2.2":'), encoding="utf-8")
    with pytest.raises(CourseError, match=r"unesco-ai-cft-2024\.yaml: 2\.2: duplicate key \(line \d+\)") as excinfo:
        load_frameworks(broken)
    one_line_error(excinfo)


def test_a_code_repeated_in_a_list_is_an_error(broken):
    path = broken / "jyt-0646-2022.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('code: "1.3"', 'code: "1.2"'), encoding="utf-8")
    with pytest.raises(CourseError, match=r"jyt-0646-2022\.yaml: 1\.2: duplicate code$"):
        load_frameworks(broken)


def test_a_second_level_dimension_with_an_unknown_parent_is_an_error(broken):
    path = broken / "jyt-0646-2022.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('code: "5.2", parent: "5"', 'code: "5.2", parent: "6"'), encoding="utf-8")
    with pytest.raises(CourseError, match=r"jyt-0646-2022\.yaml: 5\.2: unknown parent 6$"):
        load_frameworks(broken)


def test_crosswalk_naming_an_unknown_framework_is_an_error(broken):
    rewrite_yaml(broken / "crosswalk.yaml", lambda d: d["mappings"]["2.2"].update({"no-such-framework": ["1.1"]}))
    with pytest.raises(CourseError) as excinfo:
        load_all(broken)
    assert one_line_error(excinfo).endswith("crosswalk.yaml: 2.2 -> no-such-framework: unknown framework")


def test_crosswalk_naming_an_unknown_code_is_an_error(broken):
    rewrite_yaml(broken / "crosswalk.yaml", lambda d: d["mappings"]["2.2"]["jyt-0646-2022"].append("9.9"))
    with pytest.raises(CourseError) as excinfo:
        load_all(broken)
    assert one_line_error(excinfo).endswith("crosswalk.yaml: 2.2 -> jyt-0646-2022: unknown code 9.9")


def test_crosswalk_leaving_out_a_unesco_block_is_an_error(broken):
    rewrite_yaml(broken / "crosswalk.yaml", lambda d: d["mappings"].pop("4.3"))
    with pytest.raises(CourseError, match=r"crosswalk\.yaml: 4\.3: no entry"):
        load_all(broken)


def test_crosswalk_code_written_as_a_number_is_an_error(broken):
    path = broken / "crosswalk.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('jyt-0646-2022: ["4.1", "4.2"]', "jyt-0646-2022: [4.1, 4.2]"), encoding="utf-8")
    with pytest.raises(CourseError, match=r"crosswalk\.yaml: 2\.2 -> jyt-0646-2022: 4\.[12] is not of type 'string'"):
        load_all(broken)
