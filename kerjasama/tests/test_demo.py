"""The kerja sama demo (issue 3 item 9): ``python manage.py muat_demo`` loads one agreement per state of §C1.

These tests commit for real (``transaction=True``): the services' after-commit work — notifications and the
PDF task — runs as it does for a newcomer starting the app, not in a test transaction that never commits.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from desa.demo import PEMUAT_TAMBAHAN
from kerjasama import demo
from kerjasama import models as m
from kerjasama import queries
from kerjasama.choices import StatusKerjaSama
from kerjasama.tests.conftest import URUTAN_C1, SESUDAH_BERLAKU
from kerjasama.tindakan import Konteks, langkah_tersedia

SEMUA_STATUS_C1 = [*URUTAN_C1, *SESUDAH_BERLAKU, "BATAL"]
MODEL_KERJASAMA = [
    m.KerjaSamaDesa, m.KerjaSamaPeserta, m.KontribusiDana, m.SuratPenawaran, m.Musyawarah, m.BKAD, m.BKADAnggota,
    m.LaporanKerjaSama, m.PerubahanKerjaSama, m.Perselisihan, m.ProdukHukum, m.Dokumen, m.LangkahKerjaSama,
    m.Notifikasi, m.NomorUrut,
]


def _jalankan_muat_demo() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("muat_demo", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _hitung() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODEL_KERJASAMA}


def test_the_demo_covers_every_state_of_c1():
    assert set(demo.TAHAP) == set(SEMUA_STATUS_C1) == set(StatusKerjaSama.values)
    assert len({demo.judul_untuk(s) for s in demo.TAHAP}) == len(demo.TAHAP)  # titles are the keys
    assert demo.muat in PEMUAT_TAMBAHAN  # registered from kerjasama/apps.py, desa never imports kerjasama


def test_the_handmade_berita_acara_is_a_pdf_the_upload_check_accepts():
    from inti.berkas import periksa_unggahan

    berkas = demo._berkas("ba.pdf", "BERITA ACARA MUSYAWARAH DESA KLAPASAWIT", ["Pada hari ini (Senin) …", "KEPUTUSAN:"])
    assert periksa_unggahan(berkas) == "pdf"
    teks = PdfReader(berkas).pages[0].extract_text()
    assert "BERITA ACARA MUSYAWARAH DESA KLAPASAWIT" in teks and "(Senin)" in teks


@pytest.mark.django_db(transaction=True)
def test_muat_demo_loads_one_agreement_per_state_and_a_second_run_adds_nothing():
    out, err = _jalankan_muat_demo()
    assert "Peringatan" not in err, err

    ks = {k.status: k for k in m.KerjaSamaDesa.objects.filter(judul__startswith=demo.JUDUL)}
    assert set(ks) == set(SEMUA_STATUS_C1), sorted(set(SEMUA_STATUS_C1) - set(ks))
    for status, k in ks.items():
        assert k.judul == demo.judul_untuk(status)
        assert [p.desa.kode for p in k.peserta.select_related("desa")] == demo.DESA_KAD
        assert k.langkah.exists()
    # The partner desa's people are demo logins, with the demo password.
    for username in demo.PENGGUNA_KERJASAMA:
        assert username in out
    assert get_user_model().objects.get(username="kades_selabaya").check_password("demo-desa-123")

    # PENAWARAN: one partner answered, the other not yet.
    assert sorted(ks["PENAWARAN"].peserta.values_list("penawaran_status", flat=True)) == ["DIKIRIM", "DITERIMA", "DITERIMA"]
    # … and the one that has not answered yet can still answer: the open offer is dated relative to the day the
    # demo is loaded, its deadline ahead (BATAS_JAWAB), so its kepala desa is offered its Musdes and its answer.
    surat = ks["PENAWARAN"].surat_penawaran.get(kepada__desa__kode=demo.SELABAYA)
    hari_ini = timezone.localdate()
    assert surat.batas_jawab == hari_ini + dt.timedelta(days=demo.BATAS_PENAWARAN_TERBUKA) and not surat.jawaban
    assert surat.tanggal == hari_ini - dt.timedelta(days=demo.HARI_PENAWARAN_TERBUKA)
    kades_selabaya = get_user_model().objects.get(username="kades_selabaya")
    konteks = Konteks.dari(kades_selabaya, queries.kerjasama_detail(kades_selabaya, ks["PENAWARAN"].kode))
    assert [x.aksi for x in langkah_tersedia(konteks)] == ["musdes_mitra", "jawab_penawaran", "komentar"]
    # BATAL: the initiating desa's Musdes did not agree, with its berita acara.
    batal = ks["BATAL"].musyawarah.get()
    assert batal.hasil == "TIDAK_SEPAKAT"
    # BKAD with members of each desa, women among them; contributions in Rupiah per desa.
    bkad = ks["BERLAKU"].bkad
    assert {a.asal_desa.kode for a in bkad.anggota.all()} == set(demo.DESA_KAD)
    assert bkad.anggota.filter(jenis_kelamin="P").count() >= 2
    assert {k.peserta.desa.kode for k in ks["BERLAKU"].kontribusi.select_related("peserta__desa")} == set(demo.DESA_KAD)
    # Musdes and MAD carry a real PDF berita acara with its hash.
    mad = ks["BERLAKU"].musyawarah.get(jenis="MAD")
    assert mad.desa.count() == 3 and mad.jumlah_perempuan > 0
    for dok in m.Dokumen.objects.filter(jenis="BERITA_ACARA")[:5]:
        with dok.file.open("rb") as f:
            isi = f.read()
        assert isi.startswith(b"%PDF-") and len(dok.sha256) == 64
    # Signed agreements: each desa its own number, the Peraturan Bersama rendered, no rendering error.
    for status in ("DITANDATANGANI", "BERLAKU", "SELESAI"):
        assert all(p.nomor_peraturan for p in ks[status].peserta.all())
        ph = ks[status].produk_hukum.get(jenis="PERATURAN_BERSAMA_KADES")
        assert ph.file_pdf and ph.sha256 and not ph.galat_pembuatan, (status, ph.galat_pembuatan)
    assert all(p.berita_desa_nomor for p in ks["BERLAKU"].peserta.all())
    assert ks["BERLAKU"].laporan.exists()
    # The change is agreed and its amending Peraturan Bersama signed by two of the three kepala desa.
    pr = ks["PERUBAHAN_DIPROSES"].perubahan.get()
    assert pr.status == "DISEPAKATI" and pr.dokumen.mengubah.kerja_sama_id == pr.kerja_sama_id
    assert [b.sudah_tanda_tangan for b in pr.dokumen.penandatangan.order_by("urutan")] == [True, True, False]
    assert ks["DITANGGUHKAN"].perubahan.get().status == "DISEPAKATI"
    assert ks["DALAM_PERSELISIHAN"].perselisihan.get().status == "DIAJUKAN"
    assert ks["BERAKHIR"].alasan_berakhir == "TUJUAN_TERCAPAI"
    # The next actors were told (inbox rows), e.g. the Selabaya head about the MAD-agreed text to sign.
    assert m.Notifikasi.objects.filter(penerima__username="kades_selabaya").exists()

    sebelum = _hitung()
    out2, err2 = _jalankan_muat_demo()
    assert _hitung() == sebelum
    assert "tidak ada yang berubah" in out2 and "kerja sama desa: 0 baru, 0 diubah, 17 tetap" in out2
    assert "Peringatan" not in err2


@pytest.mark.django_db(transaction=True)
def test_demo_goes_on_when_the_pdf_cannot_be_rendered(monkeypatch):
    """The draft's PDF task fails: its error stays on the document row and the demo walks on; signing
    needs the final render, so the signed agreement is reported, not hidden."""
    import kerjasama.documents as documents

    def rusak(ph):
        raise RuntimeError("WeasyPrint tidak tersedia")

    monkeypatch.setattr(documents, "render_produk_hukum", rusak)
    monkeypatch.setattr(demo, "TAHAP", {s: demo.TAHAP[s] for s in ("RANCANGAN_DISEPAKATI", "DITANDATANGANI")})
    out, err = _jalankan_muat_demo()

    disepakati = m.KerjaSamaDesa.objects.get(judul=demo.judul_untuk("RANCANGAN_DISEPAKATI"))
    assert disepakati.status == "RANCANGAN_DISEPAKATI"
    assert "WeasyPrint tidak tersedia" in disepakati.produk_hukum.get(jenis="PERATURAN_BERSAMA_KADES").galat_pembuatan
    assert "PDF" in err and "galat tercatat" in err
    assert "Pameran dan Promosi Bersama" in err and "WeasyPrint tidak tersedia" in err
