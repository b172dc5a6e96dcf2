# groupapp: one image for the web app (gunicorn), the Celery worker and Celery beat.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# A font with every script's letters, so PDF registers print any member's name.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 groupapp
COPY pyproject.toml README.md ./
COPY groupapp ./groupapp
COPY worker ./worker
COPY templates ./templates
COPY migrations ./migrations
RUN pip install -e . && pybabel --quiet compile -d groupapp/translations && chown -R groupapp /app
USER groupapp

EXPOSE 8000
CMD ["gunicorn", "--workers", "3", "--max-requests", "5000", "--max-requests-jitter", "500", \
     "--bind", "0.0.0.0:8000", "groupapp:create_app()"]
