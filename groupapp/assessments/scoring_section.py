"""Validate the ``scoring`` section of an instrument file (see instrument_file)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from groupapp.assessments.file_checks import ITEM_ID_RE, MAX_LABEL, Checker, score_range
from groupapp.assessments.instrument_model import (
    Band,
    Item,
    ReliableChange,
    Scoring,
    Subscale,
    TotalRule,
)

SCORING_KEYS = {
    "total", "subscales", "bands", "higher_is", "reliable_change", "caseness", "convention",
}  # fmt: skip


@dataclass(frozen=True)
class KnownItems:
    """The items that validated; ``complete`` is False when some failed.

    When items failed, checks that need every item (unknown ids, score ranges) are
    skipped so the author is not shown errors that only echo the broken items.
    """

    items: tuple[Item, ...]
    complete: bool


def _item_list(check: Checker, path: str, value: Any, known: KnownItems) -> tuple[str, ...] | None:
    """``all`` (every scored item) or a list of existing, scored, distinct item ids."""
    if value == "all":
        return tuple(i.id for i in known.items if i.scored)
    scored = {i.id: i.scored for i in known.items}
    entries = check.sequence(path, value)
    for index, entry in enumerate(entries):
        if not isinstance(entry, str):
            check.error(f"{path}[{index}]", "expected an item id (text)")
        elif entry not in scored:
            if known.complete:
                check.error(f"{path}[{index}]", f"no item with id {entry!r}")
        elif not scored[entry]:
            check.error(f"{path}[{index}]", f"item {entry!r} has scored: false")
    check.unique(path, [str(e) for e in entries], "id")
    return tuple(str(e) for e in entries) if entries else None


def _method_and_multiplier(check: Checker, path: str, data: dict[str, Any]) -> tuple[Any, Any]:
    method = (
        check.choice(f"{path}.method", data["method"], ("sum", "mean"))
        if "method" in data
        else "sum"
    )
    multiplier = (
        check.number(f"{path}.multiplier", data["multiplier"], positive=True)
        if "multiplier" in data
        else 1
    )
    return method, multiplier


def _range(
    known: KnownItems, ids: tuple[str, ...], method: str, multiplier: Any
) -> tuple[Any, Any] | None:
    """The possible score range, or None when broken items make it unknowable."""
    if not known.complete:
        return None
    by_id = {i.id: i for i in known.items}
    ranges = [(by_id[i].min_value, by_id[i].max_value) for i in ids if i in by_id]
    return score_range(ranges, method, multiplier)


def _bands(
    check: Checker, path: str, value: Any, limits: tuple[Any, Any] | None
) -> tuple[Band, ...]:
    entries = check.sequence(path, value, min_len=0, max_len=20)
    bands = check.each(path, entries, lambda p, v: _band(check, p, v))
    good = [b for b in bands if b is not None]
    if len(good) == len(entries) and limits is not None:
        check.bands(path, good, *limits)
    return tuple(good)


def _band(check: Checker, path: str, value: Any) -> Band | None:
    data = check.mapping(path, value, {"min", "max", "label"}, {"min", "max", "label"})
    if data is None:
        return None
    low = check.number(f"{path}.min", data.get("min")) if "min" in data else None
    high = check.number(f"{path}.max", data.get("max")) if "max" in data else None
    label = (
        check.text(f"{path}.label", data.get("label"), max_len=MAX_LABEL)
        if "label" in data
        else None
    )
    if low is None or high is None or label is None:
        return None
    return Band(min=low, max=high, label=label)


def _total(check: Checker, value: Any, known: KnownItems) -> TotalRule | None:
    data = check.mapping("scoring.total", value, {"method", "items", "multiplier"})
    if data is None:
        return None
    method, multiplier = _method_and_multiplier(check, "scoring.total", data)
    raw = data.get("items", "all")
    ids = _item_list(check, "scoring.total.items", raw, known)
    if ids is None or method is None or multiplier is None:
        return None
    if not ids:
        check.error("scoring.total.items", "no scored items to total")
        return None
    return TotalRule(items=ids, all_items=raw == "all", method=method, multiplier=multiplier)


def _subscale(
    check: Checker, path: str, value: Any, known: KnownItems, banded: bool
) -> Subscale | None:
    data = check.mapping(
        path,
        value,
        {"id", "name", "items", "method", "multiplier", "bands"},
        {"id", "name", "items"},
    )
    if data is None:
        return None
    ident = check.pattern(f"{path}.id", data.get("id"), ITEM_ID_RE, "letters, digits, ., - or _")
    name = (
        check.text(f"{path}.name", data.get("name"), max_len=MAX_LABEL) if "name" in data else None
    )
    ids = _item_list(check, f"{path}.items", data["items"], known) if "items" in data else None
    method, multiplier = _method_and_multiplier(check, path, data)
    if ident is None or name is None or ids is None or method is None or multiplier is None:
        return None
    bands: tuple[Band, ...] = ()
    if "bands" in data:
        if not banded:
            check.error(f"{path}.bands", "not allowed when validated is false")
        limits = _range(known, ids, method, multiplier)
        bands = _bands(check, f"{path}.bands", data["bands"], limits)
    return Subscale(
        id=ident, name=name, items=ids, method=method, multiplier=multiplier, bands=bands
    )


def _reliable_change(check: Checker, value: Any) -> ReliableChange | None:
    path = "scoring.reliable_change"
    if not isinstance(value, dict):
        points = check.number(path, value, positive=True)
        return ReliableChange(points=points) if points is not None else None
    data = check.mapping(path, value, {"sd", "reliability"}, {"sd", "reliability"})
    if data is None:
        return None
    sd = check.number(f"{path}.sd", data.get("sd"), positive=True) if "sd" in data else None
    r = (
        check.number(f"{path}.reliability", data.get("reliability"))
        if "reliability" in data
        else None
    )
    if r is not None and not 0 < r < 1:
        check.error(f"{path}.reliability", "must be between 0 and 1 (exclusive)")
        return None
    if sd is None or r is None:
        return None
    return ReliableChange(sd=sd, reliability=r)


def parse_scoring(check: Checker, value: Any, known: KnownItems, validated: bool) -> Scoring | None:
    """The validated scoring section, or None after recording its problems."""
    data = check.mapping("scoring", value, SCORING_KEYS)
    if data is None:
        return None
    before = len(check.errors)
    total = _total(check, data.get("total", {}), known)
    for key in ("bands", "reliable_change", "caseness"):
        if key in data and not validated:
            check.error(
                f"scoring.{key}", "not allowed when validated is false (no clinical claims)"
            )
    limits = _range(known, total.items, total.method, total.multiplier) if total else None
    bands = (
        _bands(check, "scoring.bands", data["bands"], limits) if "bands" in data and total else ()
    )
    entries = check.sequence("scoring.subscales", data.get("subscales", []), min_len=0, max_len=50)
    subscales = check.each(
        "scoring.subscales", entries, lambda p, v: _subscale(check, p, v, known, validated)
    )
    check.unique("scoring.subscales", [s.id if s else None for s in subscales], "id")
    higher_is = check.choice(
        "scoring.higher_is", data.get("higher_is", "worse"), ("worse", "better")
    )
    rc = _reliable_change(check, data["reliable_change"]) if "reliable_change" in data else None
    caseness = check.number("scoring.caseness", data["caseness"]) if "caseness" in data else None
    if caseness is not None and limits and not limits[0] <= caseness <= limits[1]:
        check.error(
            "scoring.caseness", f"must lie within the possible score range {limits[0]}-{limits[1]}"
        )
    convention = check.optional_text("scoring.", data, "convention", max_len=MAX_LABEL)
    if len(check.errors) != before or total is None or higher_is is None:
        return None
    return Scoring(
        total=total,
        subscales=tuple(s for s in subscales if s is not None),
        bands=bands,
        higher_is=higher_is,  # type: ignore[arg-type]  # checked against the literal choices
        reliable_change=rc,
        caseness=caseness,
        convention=convention,
    )
