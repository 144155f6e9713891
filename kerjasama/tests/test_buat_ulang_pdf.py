"""Queue again a failed or stuck PDF render (services.produk_hukum_buat_ulang): by a pemerintah desa of the
document's desa or the Dinas PMD of its kabupaten, from a button on the agreement's page or the API; refused
once the document is locked with its file (C6, DOKUMEN_TERKUNCI)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kerjasama import services
from kerjasama.models import ProdukHukum
from kerjasama.tests.conftest import penolakan, render_tetap, segera

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def rusak(monkeypatch):
    """The renderer fails until ``perbaiki()`` is called."""
    import kerjasama.documents as documents

    def gagal(ph):
        raise RuntimeError("WeasyPrint tidak tersedia")

    monkeypatch.setattr(documents, "render_produk_hukum", gagal)

    class Kendali:
        @staticmethod
        def perbaiki():
            monkeypatch.setattr(documents, "render_produk_hukum", render_tetap)

    return Kendali


def surat_gagal(buat_ks, jumlah_desa=3):
    k = buat_ks(sampai="SIAP_DITAWARKAN", jumlah_desa=jumlah_desa)
    with segera():
        surat = services.penawaran_kirim(kerja_sama=k.ks, oleh=k.kades[0], tanggal=dt.date(2025, 6, 10))
    return k, [ProdukHukum.objects.get(pk=s.dokumen_id) for s in surat]


def test_a_failed_render_shows_its_error_and_the_button_then_a_retry_stores_the_pdf(buat_ks, rusak, client):
    k, (ph1, ph2) = surat_gagal(buat_ks)
    assert not ph1.file_pdf and "WeasyPrint tidak tersedia" in ph1.galat_pembuatan
    halaman = reverse("kerjasama:detail", args=[k.ks.kode])
    tombol = reverse("kerjasama:produk_hukum_buat_ulang", args=[ph1.pk])

    client.force_login(k.kades[0])
    html = client.get(halaman).content.decode()
    assert "PDF gagal dibuat" in html and "WeasyPrint tidak tersedia" in html
    assert f'action="{tombol}"' in html and "Buat ulang PDF" in html

    # Still broken: the retry is accepted (queued after commit), the new failure is shown again.
    with segera():
        r = client.post(tombol)
    assert r.status_code == 302 and r["Location"] == halaman + "#judul-dokumen"
    ph1.refresh_from_db()
    assert not ph1.file_pdf and "WeasyPrint tidak tersedia" in ph1.galat_pembuatan and not ph1.sedang_dibuat
    html = client.get(halaman).content.decode()
    assert "PDF gagal dibuat" in html and f'action="{tombol}"' in html

    rusak.perbaiki()
    with segera():
        client.post(tombol)
    ph1.refresh_from_db()
    assert ph1.file_pdf and ph1.versi == 1 and not ph1.galat_pembuatan and not ph1.sedang_dibuat
    with ph1.file_pdf.open("rb") as f:
        assert ph1.sha256 == hashlib.sha256(f.read()).hexdigest()
    html = client.get(halaman).content.decode()
    assert f'action="{tombol}"' not in html and reverse("kerjasama:produk_hukum_pdf", args=[ph1.pk]) in html
    langkah = k.ks.langkah.filter(aksi="buat_ulang_pdf").order_by("id")
    assert langkah.count() == 2 and langkah.last().oleh == k.kades[0]
    assert "WeasyPrint tidak tersedia" in langkah.last().catatan and langkah.last().bukti[0]["id"] == ph1.pk

    # Done: once locked with its file, a letter is never rendered again (C6).
    (galat,) = penolakan(services.produk_hukum_buat_ulang, produk_hukum=ph1, oleh=k.kades[0])
    assert galat.kode == "C6" and "tidak dapat diubah lagi" in galat.pesan
    r = client.post(tombol, follow=True)
    assert "C6:" in r.content.decode()


def test_who_may_queue_again(buat_ks, rusak, client):
    k, (ph1, ph2) = surat_gagal(buat_ks)
    # ph1: letter of Klapasawit to Kalimanah Kulon (desa[1]); ph2: to Kalimanah Wetan (desa[2]).
    boleh = [k.operator[0], k.kades[1], k.operator[1], k.pmd]
    tidak = [k.camat, k.kades[2]]
    for u in boleh:
        assert services.produk_hukum_boleh_buat_ulang(u, ph1), u
    for u in tidak:
        assert not services.produk_hukum_boleh_buat_ulang(u, ph1), u
    (galat,) = penolakan(services.produk_hukum_buat_ulang, produk_hukum=ph1, oleh=k.camat)
    assert galat.kode == "PERAN"

    # The page shows the button only to those who may.
    for u, ada in ((k.camat, False), (k.pmd, True)):
        client.force_login(u)
        html = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
        assert (reverse("kerjasama:produk_hukum_buat_ulang", args=[ph1.pk]) in html) is ada, u

    # API: the Dinas PMD queues it; the camat is refused with the rule; another kabupaten does not see it.
    rusak.perbaiki()
    u = f"/api/v1/produk-hukum/{ph2.pk}/buat-ulang/"
    r = api(k.camat).post(u)
    assert r.status_code == 400 and r.json()["kode"] == "PERAN"
    from django.contrib.auth import get_user_model

    pmd_bms = get_user_model().objects.get(username="pmd_bms")
    assert api(pmd_bms).post(u).status_code == 404
    assert api(k.kades[1]).post(u).status_code == 404  # ph2 is the other partner's letter: out of its scope
    with segera():
        r = api(k.pmd).post(u)
    assert r.status_code == 200, r.content
    assert r.json()["id"] == ph2.pk and r.json()["galat_pembuatan"] == ""  # queued, the error cleared
    body = api(k.pmd).get(f"/api/v1/produk-hukum/{ph2.pk}/").json()
    assert body["sha256"] and body["galat_pembuatan"] == "" and not body["sedang_dibuat"] and body["url_pdf"]
    tolak = api(k.pmd).post(u)
    assert tolak.status_code == 400 and tolak.json()["kode"] == "C6"


def test_only_a_failed_or_stuck_render_is_queued_again(buat_ks, render_palsu):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2)
    ph = k.ph  # the Peraturan Bersama draft, rendered fine
    assert ph.file_pdf and not ph.galat_pembuatan and not ph.terkunci
    (galat,) = penolakan(services.produk_hukum_buat_ulang, produk_hukum=ph, oleh=k.pmd)
    assert galat.kode == "ALUR" and "tidak gagal" in galat.pesan

    # Queued a moment ago: still being made, not yet stuck.
    ProdukHukum.objects.filter(pk=ph.pk).update(sedang_dibuat=True, updated_at=timezone.now())
    ph.refresh_from_db()
    assert not services.produk_hukum_boleh_buat_ulang(k.pmd, ph)
    (galat,) = penolakan(services.produk_hukum_buat_ulang, produk_hukum=ph, oleh=k.pmd)
    assert galat.kode == "ALUR" and "sedang dibuat" in galat.pesan
    # Queued long ago and never finished (the task was lost): stuck, may be queued again.
    ProdukHukum.objects.filter(pk=ph.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    ph.refresh_from_db()
    assert services.produk_hukum_boleh_buat_ulang(k.pmd, ph)
    versi = ph.versi
    with segera():
        services.produk_hukum_buat_ulang(produk_hukum=ph, oleh=k.pmd)
    ph.refresh_from_db()
    assert ph.versi == versi + 1 and not ph.sedang_dibuat and not ph.galat_pembuatan


def test_a_signed_document_with_its_file_is_never_queued_again(buat_ks, render_palsu):
    k = buat_ks(sampai="DITANDATANGANI", jumlah_desa=2)
    ph = k.ph
    assert ph.terkunci and ph.file_pdf
    ProdukHukum.objects.filter(pk=ph.pk).update(galat_pembuatan="sisa galat lama")
    ph.refresh_from_db()
    assert not services.produk_hukum_boleh_buat_ulang(k.pmd, ph)
    (galat,) = penolakan(services.produk_hukum_buat_ulang, produk_hukum=ph, oleh=k.pmd)
    assert galat.kode == "C6"
