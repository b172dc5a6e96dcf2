"""The flask-smorest ``Api`` the JSON API is built on, with problem+json errors.

The OpenAPI document comes from the same marshmallow schemas that validate requests.
Every operation documents its error answers as RFC 9457 problems
(``application/problem+json``, see ``groupapp.core.problems``).
"""

from __future__ import annotations

import http
from typing import Any

import marshmallow as ma
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from groupapp.core.problems import CONTENT_TYPE as PROBLEM_CONTENT_TYPE


class ProblemErrorSchema(ma.Schema):
    """One bad field of a request (or, with ``field`` empty, the part it is about)."""

    location = ma.fields.String(
        required=True,
        metadata={"description": "json, query, path or headers; body or method for the whole"},
    )
    field = ma.fields.String(
        required=True, metadata={"description": "dotted field name, e.g. answers.q3"}
    )
    detail = ma.fields.String(required=True)
    max_bytes = ma.fields.Integer(
        metadata={"description": "413 only: the largest body this path accepts, in bytes"}
    )


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem."""

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    errors = ma.fields.List(
        ma.fields.Nested(ProblemErrorSchema),
        required=True,
        validate=ma.validate.Length(min=1),
        metadata={"description": "never empty: each problem, or what the problem is about"},
    )


class ProblemApi(Api):  # type: ignore[misc]
    """flask-smorest's Api, documenting errors as problems and leaving the app's handlers.

    flask-smorest would register its own error handler for the whole app; the API's
    blueprints get the problem handler instead (``groupapp.api.blueprints``) and the HTML
    pages keep theirs.
    """

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        return None

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error, as an RFC 9457 problem", "schema": ProblemSchema}
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)
