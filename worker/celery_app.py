"""Entry point: ``celery -A worker.celery_app worker`` (and ``beat``).

One beat process, in UTC, runs every task below on the same interval
(``BEAT_INTERVAL_SECONDS``, default one minute). A second beat by mistake sends nothing
twice: every row has a unique dedupe key and every send claims its row first.
"""

import os

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

_folder = os.environ.get("CELERY_FILESYSTEM_FOLDER")
if _folder and celery_app.conf.broker_url.startswith("filesystem://"):
    # A separate embedded-broker folder (several instances on one machine, tests).
    for _sub in ("in", "processed"):
        os.makedirs(os.path.join(_folder, _sub), exist_ok=True)
    celery_app.conf.broker_transport_options = {
        "data_folder_in": os.path.join(_folder, "in"),
        "data_folder_out": os.path.join(_folder, "in"),
        "processed_folder": os.path.join(_folder, "processed"),
        "store_processed": False,
    }
