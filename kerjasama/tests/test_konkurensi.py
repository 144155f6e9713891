"""Two people pressing the same button at once: the agreement row is locked (SELECT … FOR UPDATE), so
exactly one succeeds and the others get a clean refusal; per-desa numbers come from a locked counter row,
so concurrent signatures never share a number. Real threads, real commits (transaction=True)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from inti.errors import AturanDilanggar, PelanggaranAturan
from kerjasama import services
from kerjasama.models import KerjaSamaPeserta, LangkahKerjaSama, NomorUrut

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("render_palsu")]

UTAS = 20


def serentak(tugas: list) -> list:
    """Run the callables in threads released together; return each one's result or exception."""
    mulai = threading.Barrier(len(tugas))
    hasil: list = [None] * len(tugas)

    def jalan(i, fungsi):
        try:
            mulai.wait(timeout=30)
            hasil[i] = fungsi()
        except Exception as exc:  # noqa: BLE001 — the test inspects every outcome
            hasil[i] = exc
        finally:
            connections.close_all()

    utas = [threading.Thread(target=jalan, args=(i, f)) for i, f in enumerate(tugas)]
    for t in utas:
        t.start()
    for t in utas:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in utas)
    return hasil


def berhasil(hasil) -> list:
    return [h for h in hasil if not isinstance(h, Exception)]


def penolakan(hasil) -> list:
    gagal = [h for h in hasil if isinstance(h, Exception)]
    assert all(isinstance(h, (AturanDilanggar, PelanggaranAturan)) for h in gagal), gagal
    return gagal


def test_dua_puluh_verifikasi_serentak_satu_berhasil(buat_ks):
    k = buat_ks(sampai="DIAJUKAN", jumlah_desa=2)
    hasil = serentak([lambda: services.rancangan_verifikasi(kerja_sama=k.ks, oleh=k.pmd, catatan="OK")] * UTAS)
    assert len(berhasil(hasil)) == 1
    gagal = penolakan(hasil)
    assert len(gagal) == UTAS - 1 and {g.kode for g in gagal} == {"ALUR"}
    assert k.refresh().status == "DIVERIFIKASI"
    assert LangkahKerjaSama.objects.filter(kerja_sama=k.ks, aksi="verifikasi").count() == 1


def test_dua_puluh_tanda_tangan_desa_yang_sama_satu_nomor(buat_ks):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2)
    hasil = serentak([
        lambda: services.peraturan_tandatangani(kerja_sama=k.ks, desa=k.desa[0], oleh=k.kades[0], kepala_desa_nama="Budi")
    ] * UTAS)
    assert len(berhasil(hasil)) == 1
    gagal = penolakan(hasil)
    assert {g.kode for g in gagal} == {"ALUR"} and all("sudah menandatangani" in g.pesan for g in gagal)
    p = KerjaSamaPeserta.objects.get(kerja_sama=k.ks, desa=k.desa[0])
    assert p.nomor_peraturan == 1
    assert LangkahKerjaSama.objects.filter(kerja_sama=k.ks, aksi="tandatangani").count() == 1
    assert NomorUrut.objects.get(desa=k.desa[0], jenis="PERATURAN_BERSAMA_KADES", tahun=p.tahun_peraturan).terakhir == 1


def test_dua_puluh_kerja_sama_desa_sama_nomor_satu_sampai_dua_puluh(buat_ks):
    semua = [buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2, judul=f"Kerja sama {i}") for i in range(UTAS)]
    klapasawit, budi = semua[0].desa[0], semua[0].kades[0]
    assert not NomorUrut.objects.filter(desa=klapasawit, jenis="PERATURAN_BERSAMA_KADES").exists()  # first of the year
    hasil = serentak([
        (lambda ks=k.ks: services.peraturan_tandatangani(kerja_sama=ks, desa=klapasawit, oleh=budi, kepala_desa_nama="Budi"))
        for k in semua
    ])
    assert len(berhasil(hasil)) == UTAS, [h for h in hasil if isinstance(h, Exception)]
    nomor = sorted(KerjaSamaPeserta.objects.filter(desa=klapasawit, nomor_peraturan__isnull=False)
                   .values_list("nomor_peraturan", flat=True))
    assert nomor == list(range(1, UTAS + 1))
    assert NomorUrut.objects.get(desa=klapasawit, jenis="PERATURAN_BERSAMA_KADES").terakhir == UTAS
    assert connection.vendor == "postgresql"
