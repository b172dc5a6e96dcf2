"""What the personal goal endpoints read and write."""

from __future__ import annotations

import marshmallow as ma

from groupapp.api.schemas import Id, Text

LEVEL_KEYS = ("-2", "-1", "0", "1", "2")


class GoalWriteSchema(ma.Schema):
    """A goal in the member's words; ``levels`` describe -2..+2 (all five, or null)."""

    statement = Text(300, 1, required=True)
    levels = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.OneOf(LEVEL_KEYS)),
        values=Text(300),
        allow_none=True,
        load_default=None,
        metadata={"description": 'Goal Attainment Scaling levels, keys "-2" .. "2"'},
    )
    agreed = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "a facilitator records that the levels were agreed"},
    )


class RatingWriteSchema(ma.Schema):
    """One tap: the member's rating of a goal at the check-in open now."""

    rating = ma.fields.Integer(required=True, validate=ma.validate.Range(min=-2, max=2))


class GoalRatingSchema(ma.Schema):
    """One rating of a goal at one check-in point."""

    point_key = ma.fields.String(required=True)
    point_label = ma.fields.String(required=True)
    rating = ma.fields.Integer(required=True, metadata={"description": "-2 .. +2"})
    rated_at = ma.fields.AwareDateTime(required=True)


class GoalSchema(ma.Schema):
    """A personal goal with its levels, agreement and ratings so far."""

    id = Id(required=True)
    cohort_id = Id(required=True)
    user_id = Id(required=True)
    statement = ma.fields.String(required=True)
    levels = ma.fields.Dict(allow_none=True)
    agreed_at = ma.fields.AwareDateTime(allow_none=True)
    agreed_by_id = ma.fields.Integer(allow_none=True)
    ratings = ma.fields.List(ma.fields.Nested(GoalRatingSchema), required=True)
