"""Celery tasks of the desa app: thin wrappers taking ids (STYLE.md §10)."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def impor_profil_proses(impor_id: int) -> str:
    """Run a confirmed profile import (desa.berkas.impor_jalankan); its outcome is kept on the job row."""
    from .berkas import impor_jalankan

    impor = impor_jalankan(impor_id=impor_id)
    return impor.status if impor is not None else ""
