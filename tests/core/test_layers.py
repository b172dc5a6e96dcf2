"""Imports run one way: the layer contracts in pyproject.toml hold for the code as it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_every_import_points_down_a_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    # import-linter reads the packages from sys.path; the checkout's own come first.
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))
    exit_code = lint_imports(
        config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True
    )
    assert exit_code == 0, "an import points up a layer: the report above names it"
