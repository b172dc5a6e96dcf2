"""The README's endpoint list says exactly which operations the API has."""

from __future__ import annotations

import re
from pathlib import Path

from groupapp.api import API_PREFIX

README = Path(__file__).resolve().parents[2] / "README.md"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _shape(path: str) -> str:
    """The path with its parameters unnamed: the README writes ``{id}`` for any id."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def readme_operations(text: str) -> set[tuple[str, str]]:
    """``(METHOD, path)`` for every endpoint named in the first cell of the JSON API table.

    A cell names one or more operations in backticks; a bare method shares the path of
    the next operation (`` `GET`, `POST /api/v1/cohorts` `` is two).
    """
    section = text.split("\n## JSON API", 1)[1].split("\n## ", 1)[0]
    found: set[tuple[str, str]] = set()
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        waiting: list[str] = []
        for token in re.findall(r"`([^`]+)`", line.split(" | ", 1)[0]):
            if token in METHODS:
                waiting.append(token)
                continue
            method, _, path = token.partition(" ")
            assert method in METHODS, token
            assert path.startswith(API_PREFIX), token
            found.update((m, _shape(path)) for m in [*waiting, method])
            waiting = []
        assert not waiting, line
    return found


def test_readme_parser_reads_shared_paths_and_single_operations():
    text = "\n## JSON API\n| `GET`, `POST /api/v1/x` | a |\n| `GET /api/v1/y/{id}` | b |\n## Next"
    assert readme_operations(text) == {
        ("GET", "/api/v1/x"),
        ("POST", "/api/v1/x"),
        ("GET", "/api/v1/y/{}"),
    }


def test_the_readme_lists_every_operation_of_the_document_and_no_other(client):
    document = client.get(f"{API_PREFIX}/openapi.json").get_json()
    documented = {
        (method.upper(), _shape(path))
        for path, item in document["paths"].items()
        for method in item
        if method != "parameters"
    }
    listed = readme_operations(README.read_text(encoding="utf-8"))
    assert sorted(documented - listed) == [], "in the API but not in the README"
    assert sorted(listed - documented) == [], "in the README but not in the API"
