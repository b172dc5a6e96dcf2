"""A web or worker process loads only what serving needs.

Libraries used by one rarely used feature (PDF printing, migrations, tests' own tools)
stay out of a fresh process: each costs every gunicorn worker and Celery pool process
its weight in memory whether or not the feature is ever used there.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Top-level packages a serving process must not import, with the feature that needs each.
KEPT_OUT = {
    "fpdf": "PDF registers (fpdf2, about 18 MB with its font tools and Pillow)",
    "fontTools": "PDF registers",
    "PIL": "PDF registers",
    "alembic": "migrations (about 12 MB with Mako and Pygments)",
    "flask_migrate": "migrations",
    "mako": "migrations",
    "pygments": "migrations",
    "fhir": "FHIR export",
    "pydantic": "FHIR export",
    "pypdf": "tests only",
    "hypothesis": "tests only",
    "pytest": "tests only",
    "unittest": "tests only",
}

_PRODUCTION = {
    "GROUPAPP_ENV": "production",
    "SECRET_KEY": "weight-test-" + "x" * 40,
    "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",  # never connected to
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_DEFAULT_SENDER": "groupapp <no-reply@example.org>",
    "CELERY_BROKER_URL": "memory://",
    "BASE_URL": "http://127.0.0.1",
}


def _loaded_after(code: str) -> set[str]:
    """Top-level packages in ``sys.modules`` after running ``code`` in a fresh interpreter
    configured as production."""
    report = "import json, sys; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(_PRODUCTION, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\n{report}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "code",
    [
        "from groupapp import create_app; create_app()",
        "import worker.celery_app",
    ],
    ids=["web app", "worker"],
)
def test_a_fresh_process_leaves_out_the_heavy_libraries_of_rare_features(code):
    loaded = _loaded_after(code)
    assert "flask" in loaded  # the probe saw the app itself
    found = {name: why for name, why in KEPT_OUT.items() if name in loaded}
    assert not found, f"imported at start-up: {found}"


def test_the_db_commands_still_load_migrations_when_run(app):
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["db", "--help"])
    assert listed.exit_code == 0, listed.output
    assert {"upgrade", "downgrade", "heads", "migrate"} <= set(listed.output.split())
    # Alembic prints to the stdout it saw when first imported, so only the outcome is read.
    result = runner.invoke(args=["db", "heads"])
    assert result.exit_code == 0, result.output


def test_flask_migrate_reads_the_apps_migration_settings(app):
    from flask_migrate import Migrate

    settings = app.extensions["migrate"]
    assert settings.configure_args == {"render_as_batch": True, "compare_type": True}
    assert Path(settings.directory) == ROOT / "migrations"
    assert isinstance(settings.migrate, Migrate)
    assert settings.migrate.get_config().get_main_option("script_location") == settings.directory


# Caches whose keys come from a fixed set the code itself holds, kept without a bound.
FIXED_KEYS = {
    "groupapp.cohorts.grid_cells._plain_cell": "one entry per attendance status",
}


_CACHED = type(functools.lru_cache(maxsize=1)(len))  # what functools' caching returns


def _memoised_functions() -> dict[str, object]:
    """Every function of ``groupapp`` and ``worker`` wrapped by ``functools`` caching."""
    found: dict[str, object] = {}
    for package in ("groupapp", "worker"):
        root = importlib.import_module(package)
        for module_info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if module_info.name == "worker.celery_app":
                continue  # builds an app of its own at import
            module = importlib.import_module(module_info.name)
            for name, value in vars(module).items():
                if type(value) is _CACHED and value.__module__ == module.__name__:
                    found[f"{module.__name__}.{name}"] = value
    return found


def test_every_cache_with_arguments_has_a_bound():
    """A per-key cache without a bound grows with every new key it is asked for: under
    real traffic (a slug, a language, a person) that is a memory leak."""
    memoised = _memoised_functions()
    assert "groupapp.programs.handouts.builtin_handout" in memoised  # the walk saw them
    unbounded = [
        name
        for name, function in memoised.items()
        if function.cache_info().maxsize is None  # type: ignore[attr-defined]
        and inspect.signature(function).parameters  # type: ignore[arg-type]
        and name not in FIXED_KEYS
    ]
    assert not unbounded, f"caches without a bound: {unbounded}"
