"""Entry point: ``celery -A worker.celery_app worker`` (and ``beat``)."""

from groupapp import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]

import worker.tasks  # noqa: E402,F401  (registers the tasks)
