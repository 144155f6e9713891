"""Production settings pass Django's deployment checks with no warning (issue 2, "done when").

Each case runs ``manage.py`` in a fresh process, because the settings module reads the environment
once, at import.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    """The URL of the database these tests use (a server from DATABASE_URL, or the embedded one)."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    db = settings.DATABASES["default"]
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host", "")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{quote(db['USER'], safe='')}@{quote(host, safe='')}{port}/{db['NAME']}"


def _production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SECRET_KEY", "ALLOWED_HOSTS", "PYTEST_"))
    }
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),  # ~86 characters, far more than 5 distinct ones
        ALLOWED_HOSTS="simpuldesa.example.go.id",
        DATABASE_URL=_database_url(),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    )
    env.update(extra)
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_has_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in result.stdout, output
    assert "WARNINGS" not in output and "?: (security." not in output, output


def test_check_deploy_would_catch_a_warning():
    """The same call fails when production runs with DEBUG on, so the test above can fail."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env(DJANGO_DEBUG="True"))
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_required_setting(missing):
    env = _production_env()
    del env[missing]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_ENV=production" in result.stderr
