"""Every sentence a service or view refuses or confirms with is made through gettext.

The source is read as Python (its syntax tree): a ``raise`` of a ``Refusal`` subclass, of
WTForms' ``ValidationError`` or of another error whose text a person reads, a ``flash``
and the confirmation ``carry_out`` flashes must not hand over a plain string or f-string,
and each text they do hand over through gettext has a Spanish translation.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import groupapp
from groupapp.core.actions import Refusal
from tests.support.catalogues import read_catalogue

SOURCES = Path(groupapp.__file__).parent
GETTEXT = {"_", "gettext", "ngettext", "_l", "lazy_gettext", "lazy_ngettext"}
# Errors outside the Refusal family whose text reaches a person through a flash or a form.
PEOPLE_READ = {"ValidationError", "CheckinClosed", "TimingError", "DeletionError"}
# The JSON API answers in English whoever calls (README, "JSON API"): marshmallow's
# ValidationError there is for the calling program.
API_ONLY = {"ma.ValidationError"}


def _refusal_names() -> set[str]:
    for module in pkgutil.walk_packages(groupapp.__path__, "groupapp."):
        importlib.import_module(module.name)
    found: set[str] = set()
    waiting: list[type] = [Refusal]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            found.add(subclass.__name__)
            waiting.append(subclass)
    return found


REFUSALS = sorted(_refusal_names())


@dataclass(frozen=True)
class Site:
    """One place that hands a person a sentence: what hands it, where, and the text node."""

    kind: str
    where: str
    text: ast.expr

    def is_plain(self) -> bool:
        """A literal (plain, f-string, concatenated or ``.format``-ed) not passed to gettext."""
        node = self.text
        if isinstance(node, ast.Call) and _name(node.func) == "format":
            node = node.func.value  # type: ignore[attr-defined]  # "...".format(...)
        if isinstance(node, ast.BinOp):
            return _is_literal(node.left) or _is_literal(node.right)
        return _is_literal(node)

    def msgids(self) -> Iterator[str | tuple[str, str]]:
        """The texts this site passes to gettext (a plural as its pair)."""
        for node in ast.walk(self.text):
            if not (isinstance(node, ast.Call) and _name(node.func) in GETTEXT and node.args):
                continue
            texts = [a.value for a in node.args[:2] if isinstance(a, ast.Constant)]
            if _name(node.func) in ("ngettext", "lazy_ngettext") and len(texts) == 2:
                yield (str(texts[0]), str(texts[1]))
            elif texts and isinstance(texts[0], str):
                yield texts[0]


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _sites_in(tree: ast.AST, where: str) -> Iterator[Site]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            if ast.unparse(node.exc.func) not in API_ONLY:
                yield Site(_name(node.exc.func), f"{where}:{node.lineno}", node.exc.args[0])
        elif isinstance(node, ast.Call) and _name(node.func) == "flash" and node.args:
            yield Site("flash", f"{where}:{node.lineno}", node.args[0])
        elif isinstance(node, ast.Call) and _name(node.func) == "carry_out":
            done = node.args[1] if len(node.args) > 1 else None
            if isinstance(done, ast.Lambda):
                yield Site("carry_out", f"{where}:{node.lineno}", done.body)


def all_sites() -> list[Site]:
    """Every raise, flash and carry_out confirmation in the package, in file order."""
    found = []
    for path in sorted(SOURCES.rglob("*.py")):
        where = str(path.relative_to(SOURCES.parent))
        found.extend(_sites_in(ast.parse(path.read_text(encoding="utf-8")), where))
    return found


SITES = all_sites()


def test_the_walk_finds_every_kind_of_site() -> None:
    """The tree walk itself sees the sites it checks (a broken walk would pass anything)."""
    kinds = {site.kind for site in SITES}
    assert {"flash", "carry_out", "EnrolmentError", "ValidationError"} <= kinds
    assert len([s for s in SITES if s.kind in REFUSALS]) > 60


def test_a_plain_sentence_is_caught() -> None:
    source = 'raise EnrolmentError(f"{name} is here.")\nflash("Saved.")\nflash(_("Saved."))'
    sites = list(_sites_in(ast.parse(source), "example.py"))
    assert [site.is_plain() for site in sites] == [True, True, False]
    assert list(sites[2].msgids()) == ["Saved."]


@pytest.mark.parametrize("refusal", REFUSALS)
def test_each_refusal_is_raised_with_gettext(refusal: str) -> None:
    plain = [site.where for site in SITES if site.kind == refusal and site.is_plain()]
    assert plain == [], f"{refusal} raised with an untranslated sentence"


@pytest.mark.parametrize("kind", sorted(PEOPLE_READ | {"flash", "carry_out"}))
def test_each_flash_and_form_error_goes_through_gettext(kind: str) -> None:
    plain = [site.where for site in SITES if site.kind == kind and site.is_plain()]
    assert plain == [], f"{kind} given an untranslated sentence"


def test_each_of_those_sentences_has_spanish() -> None:
    catalogue = read_catalogue("es")
    checked = REFUSALS + sorted(PEOPLE_READ | {"flash", "carry_out"})
    missing = []
    for site in SITES:
        if site.kind not in checked:
            continue
        for msgid in site.msgids():
            key = msgid[0] if isinstance(msgid, tuple) else msgid
            entry = catalogue.get(key)
            strings = entry.string if entry is not None else ""
            if not (all(strings) if isinstance(strings, tuple) else strings):
                missing.append((site.where, msgid))
    assert missing == []
