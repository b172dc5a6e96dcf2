"""Entry point: ``celery -A worker.celery_app worker`` (and ``beat``).

One beat process, in UTC, runs every task below on the same interval
(``BEAT_INTERVAL_SECONDS``, default one minute). A second beat by mistake sends nothing
twice: every row has a unique dedupe key and every send claims its row first.
"""

from groupapp import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]

import worker.tasks  # noqa: E402,F401  (registers the tasks)
from worker.tasks.scans import SCAN_OUTBOX, SCANNER_TASKS  # noqa: E402


def beat_schedule(interval: float) -> dict[str, dict[str, object]]:
    """Every scanner, then the outbox scan, each on ``interval`` seconds."""
    names = (*SCANNER_TASKS, SCAN_OUTBOX)
    # Each run is useless once the next one is due, so a backlog after downtime collapses.
    return {
        name: {"task": name, "schedule": interval, "options": {"expires": interval}}
        for name in names
    }


celery_app.conf.beat_schedule = beat_schedule(flask_app.config["BEAT_INTERVAL_SECONDS"])
