"""Plain-words descriptions of scores and change, for each reader.

They describe what the numbers did, never what a person "has": the app shows
scores and published bands and does not diagnose. A participant reads about
themselves ("Your PHQ-9 score fell..."), in their own language through gettext; staff
read about the member by name ("Jordan's PHQ-9 score fell..."), in English as staff
pages are.
"""

from __future__ import annotations

from babel.numbers import format_decimal
from flask_babel import gettext, ngettext

from groupapp.assessments.instrument_language import in_reader_language
from groupapp.assessments.instrument_model import Instrument
from groupapp.assessments.scoring import classify_change
from groupapp.core.i18n import N_, babel_locale

NOT_A_DIAGNOSIS = N_("This is a summary of your own answers, not a diagnosis.")


def format_score(value: float | None) -> str:
    """A score as people write it in the language being rendered: 12, 12.5 ("12,5" in
    Spanish), or a dash when there is none."""
    if value is None:
        return "-"
    return format_decimal(round(float(value), 1), "0.#", locale=babel_locale())


def possessive(name: str) -> str:
    """``"Jordan"`` -> ``"Jordan's"``; ``"James"`` -> ``"James'"``."""
    name = name.strip()
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def _whose(about: str | None) -> str:
    return "Your" if about is None else possessive(about)


def _movement(instrument: Instrument, baseline: float, latest: float, about: str | None) -> str:
    if about is None:
        return _own_movement(in_reader_language(instrument).display_name, baseline, latest)
    name = instrument.display_name
    whose = _whose(about)
    if latest == baseline:
        return f"{whose} {name} score is {format_score(latest)}, the same as at the start."
    direction = "rose" if latest > baseline else "fell"
    points = format_score(abs(latest - baseline))
    unit = "point" if points == "1" else "points"
    return (
        f"{whose} {name} score {direction} from {format_score(baseline)} to "
        f"{format_score(latest)} ({points} {unit})."
    )


def _own_movement(name: str, baseline: float, latest: float) -> str:
    """The participant's own sentence, in the language being rendered."""
    if latest == baseline:
        return gettext(
            "Your %(name)s score is %(score)s, the same as at the start.",
            name=name,
            score=format_score(latest),
        )
    change = abs(latest - baseline)
    values = {
        "name": name,
        "first": format_score(baseline),
        "last": format_score(latest),
        "points": format_score(change),
    }
    if latest > baseline:
        return ngettext(
            "Your %(name)s score rose from %(first)s to %(last)s (%(points)s point).",
            "Your %(name)s score rose from %(first)s to %(last)s (%(points)s points).",
            1 if change == 1 else 2,
            **values,
        )
    return ngettext(
        "Your %(name)s score fell from %(first)s to %(last)s (%(points)s point).",
        "Your %(name)s score fell from %(first)s to %(last)s (%(points)s points).",
        1 if change == 1 else 2,
        **values,
    )


def _own_meaning(instrument: Instrument, baseline: float, latest: float) -> str:
    """What the participant's own change means, in the language being rendered."""
    change = classify_change(instrument, baseline, latest)
    if change == "reliable_improvement":
        return gettext(
            "That is more than the usual ups and downs of this questionnaire, "
            "in the direction of things going better for you."
        )
    if change == "reliable_deterioration":
        return gettext(
            "That is more than the usual ups and downs of this questionnaire, in the "
            "direction of things being harder. It may help to talk it over with your "
            "facilitator."
        )
    if change == "no_reliable_change":
        return gettext(
            "That is within the usual ups and downs of this questionnaire, so it does "
            "not yet show a clear change either way."
        )
    if not instrument.validated:
        return gettext(
            "On this reflection a higher score means %(more_or_less)s of what it asks about "
            "going well; it has no measure of what counts as a real change, so read small "
            "differences lightly.",
            more_or_less=gettext("more")
            if instrument.scoring.higher_is == "better"
            else gettext("less"),
        )
    if instrument.scoring.higher_is == "better":
        return gettext(
            "On this questionnaire a higher score means more of what it asks about going "
            "well; it has no measure of what counts as a real change, so read small "
            "differences lightly."
        )
    return gettext(
        "On this questionnaire a higher score means less of what it asks about going "
        "well; it has no measure of what counts as a real change, so read small "
        "differences lightly."
    )


def _meaning(instrument: Instrument, baseline: float, latest: float, about: str | None) -> str:
    if about is None:
        return _own_meaning(instrument, baseline, latest)
    higher = "better" if instrument.scoring.higher_is == "better" else "worse"
    change = classify_change(instrument, baseline, latest)
    if change == "reliable_improvement":
        return (
            "That is more than the usual ups and downs of this questionnaire, "
            f"in the direction of things going better for {'you' if about is None else about}."
        )
    if change == "reliable_deterioration":
        advice = (
            "It may help to talk it over with your facilitator."
            if about is None
            else f"It may help to check in with {about}."
        )
        return (
            "That is more than the usual ups and downs of this questionnaire, in the "
            f"direction of things being harder. {advice}"
        )
    if change == "no_reliable_change":
        return (
            "That is within the usual ups and downs of this questionnaire, so it does "
            "not yet show a clear change either way."
        )
    return (
        f"On this {'reflection' if not instrument.validated else 'questionnaire'} a "
        f"higher score means {'more' if higher == 'better' else 'less'} of what it asks "
        "about going well; it has no measure of what counts as a real change, so read "
        "small differences lightly."
    )


def describe_change(
    instrument: Instrument,
    baseline: float | None,
    latest: float | None,
    about: str | None = None,
) -> str:
    """One short paragraph about the change since baseline: to the participant themselves
    (``about`` None), or to staff about the member named ``about``."""
    caveat = (
        gettext(NOT_A_DIAGNOSIS)
        if about is None
        else f"This summarises {possessive(about)} own answers; it is not a diagnosis."
    )
    if latest is None:
        return gettext("There is no completed check-in yet.")
    if baseline is None and about is None:
        first = gettext(
            "Your first %(name)s score is %(score)s.",
            name=instrument.display_name,
            score=format_score(latest),
        )
        return f"{first} {caveat}"
    if baseline is None:
        first = f"{_whose(about)} first {instrument.display_name} score is {format_score(latest)}."
        return f"{first} {caveat}"
    movement = _movement(instrument, baseline, latest, about)
    return f"{movement} {_meaning(instrument, baseline, latest, about)} {caveat}"
