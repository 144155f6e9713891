"""The PDF task through a real Celery worker on the machine's Redis (issue 3: "CI runs the PDF task through a
real Celery worker at least once").

The worker is a separate process (``celery -A config worker --pool=solo``) pointed at this test's database
through ``DATABASE_URL``; the test is transactional so the worker sees the committed rows. The task goes
to a queue of its own so that no other worker on the same Redis can take it. Skipped when REDIS_URL is unset
(the quick start without Redis runs tasks eagerly; CI sets REDIS_URL).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from kerjasama import documents
from kerjasama.tasks import produk_hukum_buat_pdf
from kerjasama.tests.data_dokumen import buat_kerja_sama

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL tidak diatur: tidak ada broker untuk worker Celery "
                                                      "(CI mengaturnya; lokal: REDIS_URL=redis://127.0.0.1:6379/0)"),
]

BATAS_WAKTU = 180  # seconds: worker start-up (Django + Celery) plus one render


def url_database_uji() -> str:
    """A DATABASE_URL for the database this test runs on (pytest-django's test database)."""
    d = connection.settings_dict
    host = d.get("HOST") or d.get("OPTIONS", {}).get("host") or "localhost"
    pengguna = quote(d.get("USER") or "", safe="")
    sandi = f":{quote(d['PASSWORD'], safe='')}" if d.get("PASSWORD") else ""
    port = f":{d['PORT']}" if d.get("PORT") else ""
    return f"postgres://{pengguna}{sandi}@{quote(str(host), safe='')}{port}/{quote(d['NAME'], safe='')}"


@pytest.fixture
def worker(tmp_path):
    """A Celery worker process on a queue of its own, stopped (by its pid) after the test."""
    antrian = f"uji-dokumen-{uuid.uuid4().hex[:10]}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": url_database_uji(),
        "DJANGO_ENV": "development",
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with open(log, "wb") as keluaran:
        proses = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", antrian,
             "-n", f"{antrian}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
            cwd=Path(settings.BASE_DIR), env=env, stdout=keluaran, stderr=subprocess.STDOUT,
        )
    try:
        yield antrian, proses, log
    finally:
        proses.terminate()
        try:
            proses.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proses.kill()
            proses.wait(timeout=10)


@pytest.fixture
def tidak_eager():
    """Tests run tasks eagerly (settings); this one sends its task to the broker for real."""
    semula = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = semula


def test_pdf_task_runs_on_a_real_worker(wilayah, worker, tidak_eager):
    antrian, proses, log = worker
    ph = buat_kerja_sama([wilayah.klapasawit, wilayah.tetangga])
    assert not ph.file_pdf and ph.versi == 0

    hasil = produk_hukum_buat_pdf.apply_async((ph.pk,), queue=antrian)  # .delay() on a queue of our own

    batas = time.monotonic() + BATAS_WAKTU
    while not hasil.ready():
        if proses.poll() is not None or time.monotonic() > batas:
            pytest.fail(f"worker gave no result (exit {proses.poll()}):\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.5)
    sha = hasil.get(timeout=5)

    ph.refresh_from_db()
    assert hasil.successful()
    assert sha == ph.sha256 and len(sha) == 64
    assert ph.versi == 1 and ph.dibuat_pada is not None and not ph.sedang_dibuat and ph.galat_pembuatan == ""
    with ph.file_pdf.open("rb") as f:
        disimpan = f.read()
    assert disimpan.startswith(b"%PDF-")
    assert hashlib.sha256(disimpan).hexdigest() == ph.sha256
    # The worker's file is the one this process renders from the same rows: same bytes, same hash.
    assert documents.render_produk_hukum(ph) == disimpan
    assert "succeeded" in log.read_text(errors="replace")
