"""Plain-words descriptions of scores and change, for participants.

They describe what the numbers did, never what a person "has": the app shows
scores and published bands and does not diagnose.
"""

from __future__ import annotations

from groupapp.assessments.instrument_model import Instrument
from groupapp.assessments.scoring import classify_change

NOT_A_DIAGNOSIS = "This is a summary of your own answers, not a diagnosis."


def format_score(value: float | None) -> str:
    """A score as people write it: 12, 12.5, or a dash when there is none."""
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _movement(instrument: Instrument, baseline: float, latest: float) -> str:
    name = instrument.display_name
    if latest == baseline:
        return f"Your {name} score is {format_score(latest)}, the same as at the start."
    direction = "rose" if latest > baseline else "fell"
    points = format_score(abs(latest - baseline))
    unit = "point" if points == "1" else "points"
    return (
        f"Your {name} score {direction} from {format_score(baseline)} to "
        f"{format_score(latest)} ({points} {unit})."
    )


def _meaning(instrument: Instrument, baseline: float, latest: float) -> str:
    higher = "better" if instrument.scoring.higher_is == "better" else "worse"
    change = classify_change(instrument, baseline, latest)
    if change == "reliable_improvement":
        return (
            "That is more than the usual ups and downs of this questionnaire, "
            "in the direction of things going better for you."
        )
    if change == "reliable_deterioration":
        return (
            "That is more than the usual ups and downs of this questionnaire, in the "
            "direction of things being harder. It may help to talk it over with your facilitator."
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


def describe_change(instrument: Instrument, baseline: float | None, latest: float | None) -> str:
    """One short paragraph a participant can read about their change since baseline."""
    if latest is None:
        return "There is no completed check-in yet."
    if baseline is None:
        first = f"Your first {instrument.display_name} score is {format_score(latest)}."
        return f"{first} {NOT_A_DIAGNOSIS}"
    movement = _movement(instrument, baseline, latest)
    return f"{movement} {_meaning(instrument, baseline, latest)} {NOT_A_DIAGNOSIS}"
