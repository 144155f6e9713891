"""Sensible bounds for dates typed by people (pages and API), one place for both.

No record of this application can be dated before UU 6/2014 tentang Desa was promulgated (15 January 2014):
kerja sama desa, Musdes and Musyawarah Antar Desa in this sense begin with it. Upwards two horizons:

* the date of an act (a letter, a musyawarah, a signature, an answer, a promulgation, a report): at most
  ``MAJU_PERISTIWA`` (1) year after today — a letter may be dated ahead, not a decade ahead;
* a date of the agreement's term (start, end, effective date of a change, the BKAD's term): at most
  ``MAJU_JANGKA`` (30) years after today — the law sets no longest term (PETUNJUK_ISI), a lifetime does.

Without these a date such as 9999-12-31 went through and a later ``+ timedelta`` overflowed into a 500.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework import serializers

from .format import tanggal as tanggal_id

AWAL = dt.date(2014, 1, 15)  # UU 6/2014 tentang Desa diundangkan
MAJU_PERISTIWA = 1
MAJU_JANGKA = 30

PESAN_AWAL = "Tanggal tidak boleh sebelum 15 Januari 2014 (UU 6/2014 tentang Desa diundangkan pada tanggal itu)."


def _tambah_tahun(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def paling_lambat(maju_tahun: int, hari_ini: dt.date | None = None) -> dt.date:
    return _tambah_tahun(hari_ini or timezone.localdate(), maju_tahun)


class BatasTanggal:
    """A validator (form fields, DRF fields, services): ``AWAL`` ≤ date ≤ today + ``maju_tahun`` years."""

    def __init__(self, maju_tahun: int, keterangan: str):
        self.maju_tahun = maju_tahun
        self.keterangan = keterangan

    def __call__(self, nilai):
        if nilai is None:
            return
        if isinstance(nilai, dt.datetime):
            nilai = nilai.date()
        if nilai < AWAL:
            raise ValidationError(PESAN_AWAL, code="tanggal_terlalu_awal")
        batas = paling_lambat(self.maju_tahun)
        if nilai > batas:
            raise ValidationError(
                f"Tanggal terlalu jauh ke depan: paling lambat {tanggal_id(batas)} ({self.keterangan}).",
                code="tanggal_terlalu_jauh",
            )


batas_peristiwa = BatasTanggal(MAJU_PERISTIWA, "satu tahun dari hari ini")
batas_jangka = BatasTanggal(MAJU_JANGKA, f"{MAJU_JANGKA} tahun dari hari ini")


def tanggal_api(*, jangka: bool = False, **kwargs) -> serializers.DateField:
    """A DRF date input bounded like the pages' dates (``jangka``: a date of the agreement's term)."""
    kwargs.setdefault("validators", []).append(batas_jangka if jangka else batas_peristiwa)
    return serializers.DateField(**kwargs)
