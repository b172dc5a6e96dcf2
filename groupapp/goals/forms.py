"""The goal form: the member's words and, optionally, the five levels described."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField

from groupapp.core.text import single_line
from groupapp.goals.models import LEVELS
from groupapp.goals.services import GoalInput, GoalProblem, level_name, read_goal


def _level_field(label: Any) -> StringField:
    """One Goal Attainment Scaling level's description: a single line, as typed."""
    return StringField(label, filters=[single_line], render_kw={"maxlength": 300})


class GoalForm(FlaskForm):
    """A goal as typed; ``validate`` applies ``read_goal``'s rules and keeps ``checked``."""

    statement = StringField(
        _l("Your goal, in your own words"),
        description=_l('For example: "say no to extra shifts without apologising twice".'),
        filters=[single_line],
        render_kw={"maxlength": 300},
    )
    level_m2 = _level_field(_l("-2 · Much less than expected"))
    level_m1 = _level_field(_l("-1 · Less than expected"))
    level_p0 = _level_field(_l("0 · As expected"))
    level_p1 = _level_field(_l("+1 · More than expected"))
    level_p2 = _level_field(_l("+2 · Much more than expected"))
    agree = BooleanField("I agreed this goal and its levels with the member", default=True)

    checked: GoalInput | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        """Run the CSRF check, then the goal rules, putting each problem on its field."""
        if not super().validate(extra_validators):
            return False
        try:
            self.checked = read_goal(self.data)
        except GoalProblem as problem:
            for name, text in problem.problems.items():
                self[name].errors = [*self[name].errors, text]  # type: ignore[index]
            return False
        return True

    def level_fields(self) -> list[Any]:
        """The five level inputs, -2 first."""
        return [self[level_name(level)] for level, _ in LEVELS]
