"""Reference data migration desa 0002: facility kinds and commodities, idempotent and reversible."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from desa.choices import KelompokFasilitas, SektorKomoditas
from desa.models import JenisFasilitas, Komoditas

pytestmark = pytest.mark.django_db

referensi = importlib.import_module("desa.migrations.0002_referensi")


def test_migration_loaded_the_lists():
    kode = set(JenisFasilitas.objects.values_list("kode", flat=True))
    assert {"kantor-desa", "balai-desa", "pasar-desa", "puskesmas", "pustu", "posyandu", "sd-mi", "smp-mts",
            "sma-smk-ma", "bank", "koperasi", "kantor-bumdes", "masjid", "lapangan-olahraga"} <= kode
    assert JenisFasilitas.objects.count() == len(referensi.JENIS_FASILITAS)
    assert Komoditas.objects.get(nama="Anyaman bambu").sektor == SektorKomoditas.INDUSTRI_KERAJINAN
    assert Komoditas.objects.get(nama="Kelapa sawit").sektor == SektorKomoditas.PERKEBUNAN
    assert Komoditas.objects.count() == len(referensi.KOMODITAS)


def test_values_are_valid_choices_and_keys_unique():
    kelompok = set(KelompokFasilitas.values)
    sektor = set(SektorKomoditas.values)
    assert all(row[2] in kelompok for row in referensi.JENIS_FASILITAS)
    assert all(row[1] in sektor for row in referensi.KOMODITAS)
    assert len({row[0] for row in referensi.JENIS_FASILITAS}) == len(referensi.JENIS_FASILITAS)
    assert len({row[3] for row in referensi.JENIS_FASILITAS}) == len(referensi.JENIS_FASILITAS)  # a clear order
    for obj in [*JenisFasilitas.objects.all(), *Komoditas.objects.all()]:
        obj.full_clean()


def test_rerun_changes_nothing_and_restores_edits():
    JenisFasilitas.objects.filter(kode="pustu").update(nama="Pustu (diubah)")
    sebelum = JenisFasilitas.objects.count(), Komoditas.objects.count()
    referensi.muat(apps, None)
    referensi.muat(apps, None)
    assert (JenisFasilitas.objects.count(), Komoditas.objects.count()) == sebelum
    assert JenisFasilitas.objects.get(kode="pustu").nama == "Puskesmas pembantu (pustu)"


def test_reverse_removes_exactly_these_rows():
    Komoditas.objects.create(nama="Durian", sektor=SektorKomoditas.HORTIKULTURA)
    referensi.hapus(apps, None)
    assert not JenisFasilitas.objects.exists()
    assert list(Komoditas.objects.values_list("nama", flat=True)) == ["Durian"]
    referensi.muat(apps, None)
    assert JenisFasilitas.objects.count() == len(referensi.JENIS_FASILITAS)
