"""The Celery worker and beat for groupapp."""
