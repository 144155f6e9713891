# Simpul Desa: one image for the web (gunicorn), the Celery worker and Celery beat.
# Build: docker compose build        Run: docker compose up -d   (see README.md, "Docker compose")
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production

# WeasyPrint (PDF) needs Pango and HarfBuzz; fonts-liberation gives metric-compatible Arial/Times.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
        fonts-liberation shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files are collected into the image (served by WhiteNoise). The settings do not connect to
# the database at import when DATABASE_URL is set, so these build-only values are never used to connect.
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@localhost:5432/build \
    python manage.py collectstatic --no-input -v 0

# Run as an unprivileged user; uploaded files live in the media volume it owns.
RUN useradd --system --uid 1000 --home-dir /app --shell /usr/sbin/nologin simpul \
    && mkdir -p /app/media \
    && chown simpul:simpul /app/media
USER simpul

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "60"]
