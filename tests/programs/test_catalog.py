"""The built-in program templates load, follow the schedule rules, and typos fail loudly."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from groupapp.homework.library import load_builtin_templates
from groupapp.programs.catalog import (
    BUILTIN_DIR,
    MODALITIES,
    SchemaError,
    load_all,
    load_builtin_programs,
    parse_program,
    suggested_homework_slugs,
)

EXPECTED = {
    "codependency-recovery": ("coda_peer_support", 12, [1, 6, 12]),
    "dbt-interpersonal-effectiveness": ("dbt_skills", 8, [1, 4, 8]),
    "cbt-relationship-patterns": ("cbt_group", 8, [1, 4, 8]),
    "interdependency-skills": ("custom", 6, [1, 3, 6]),
}


def _raw(slug: str = "codependency-recovery") -> dict:
    with (BUILTIN_DIR / f"{slug}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _problems(raw: dict) -> list[str]:
    with pytest.raises(SchemaError) as caught:
        parse_program(raw, "test.yaml")
    return caught.value.problems


def test_every_builtin_program_loads_with_its_schedule() -> None:
    programs = load_builtin_programs()
    assert set(programs) == set(EXPECTED)
    for slug, (modality, weeks, assessed) in EXPECTED.items():
        program = programs[slug]
        assert program.modality == modality
        assert program.modality in MODALITIES
        assert program.weeks == weeks == len(program.topics)
        assert [topic.week for topic in program.topics] == list(range(1, weeks + 1))
        assert program.assessment_weeks == assessed
        for topic in program.topics:
            assert topic.goals
            assert len(topic.agenda) >= 3
            assert topic.suggested_homework


def test_codependency_program_covers_the_seed_themes() -> None:
    titles = " ".join(
        t.title.lower() for t in load_builtin_programs()["codependency-recovery"].topics
    )
    for theme in (
        "codependent patterns",
        "enabling",
        "boundaries",
        "saying no",
        "self-esteem",
        "caretaking versus caring",
        "approval",
        "family-of-origin",
        "interdependency",
    ):
        assert theme in titles


def test_interdependency_program_covers_the_four_skills() -> None:
    titles = " ".join(
        t.title.lower() for t in load_builtin_programs()["interdependency-skills"].topics
    )
    for theme in ("communication", "mutual support", "independence", "shared decision"):
        assert theme in titles


def test_suggested_homework_all_exist_as_builtin_templates() -> None:
    suggested = suggested_homework_slugs(load_builtin_programs().values())
    assert suggested <= set(load_builtin_templates())
    assert {"boundary-setting-worksheet", "saying-no-log", "thought-record"} <= suggested


def test_unknown_and_missing_keys_are_reported_with_their_paths() -> None:
    raw = _raw()
    raw["colour"] = "blue"
    del raw["topics"][2]["goals"]
    raw["topics"][3]["agenda"][0] = 42
    raw["topics"][4]["assessment_due"] = "yes"
    problems = _problems(raw)
    assert any(p.startswith("test.yaml.colour: unknown key") for p in problems)
    assert "test.yaml.topics[2].goals: is required" in problems
    assert "test.yaml.topics[3].agenda[0]: expected non-empty text" in problems
    assert "test.yaml.topics[4].assessment_due: expected bool, got str" in problems


def test_schedule_rules_are_enforced() -> None:
    raw = _raw("interdependency-skills")
    raw["weeks"] = 7
    raw["topics"][0]["assessment_due"] = False
    raw["topics"][-1]["assessment_due"] = False
    raw["modality"] = "astrology"
    problems = _problems(raw)
    assert "test.yaml.topics: has 6 topics for 7 weeks" in problems
    assert "test.yaml.topics[0].assessment_due: week 1 must hold the baseline" in problems
    assert "test.yaml.topics[5].assessment_due: the last week must reassess" in problems
    assert any(p.startswith("test.yaml.modality: 'astrology' is not one of") for p in problems)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.update(weeks=True), "test.yaml.weeks: expected int, got bool"),
        (lambda r: r.update(weeks=0), "test.yaml.weeks: must be between 1 and 52, got 0"),
        (
            lambda r: r.update(slug="Bad Slug"),
            "test.yaml.slug: 'Bad Slug' must use only a-z, 0-9 and '-'",
        ),
        (lambda r: r.update(name="  "), "test.yaml.name: must not be empty"),
        (lambda r: r.update(topics=[]), "test.yaml.topics: needs at least 1 item(s)"),
        (
            lambda r: r["topics"][1].update(suggested_homework="No Such"),
            "test.yaml.topics[1].suggested_homework: 'No Such' must use only a-z, 0-9 and '-'",
        ),
    ],
)
def test_each_wrong_value_names_the_field(change, expected: str) -> None:
    raw = copy.deepcopy(_raw("interdependency-skills"))
    change(raw)
    assert expected in _problems(raw)


def test_a_file_that_is_not_a_mapping_fails() -> None:
    assert _problems(["not", "a", "mapping"])[0] == "test.yaml: expected a mapping, got list"


def test_duplicate_slugs_and_broken_yaml_in_a_directory_are_reported(tmp_path: Path) -> None:
    text = (BUILTIN_DIR / "interdependency-skills.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "c.yaml").write_text("slug: [unclosed", encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_all(tmp_path, parse_program)
    problems = caught.value.problems
    assert "b.yaml: slug 'interdependency-skills' is used twice" in problems
    assert any(p.startswith("c.yaml: ") for p in problems)
