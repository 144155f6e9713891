"""Wizard step 1 (title, bidang, partner desa): partners chosen across several searches are all kept — with
htmx (the search answers with the chosen list too) and without JavaScript (the "Cari" button posts the form)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kerjasama.models import KerjaSamaDesa
from kerjasama.tests.conftest import buat_kerjasama

pytestmark = pytest.mark.django_db

KALIMANAH_KULON = "33.03.06.2006"
SELABAYA = "33.03.06.2014"


def _terpilih(html: str) -> list[str]:
    """Codes of the ticked boxes inside the chosen list ``#mitra-terpilih``."""
    m = re.search(r'<ul[^>]*id="mitra-terpilih"[^>]*>(.*?)</ul>', html, re.S)
    assert m, "daftar desa mitra terpilih tidak ada"
    return re.findall(r'name="mitra" value="([^"]+)" checked', m.group(1))


def _hasil(html: str) -> list[str]:
    m = re.search(r'<ul[^>]*aria-label="Hasil pencarian desa"[^>]*>(.*?)</ul>', html, re.S)
    return re.findall(r'name="mitra" value="([^"]+)"', m.group(1)) if m else []


def test_pencarian_htmx_memindahkan_desa_yang_dicentang_ke_daftar_terpilih(client, persona, desa_kalimanah):
    client.force_login(persona["budi"])
    # Kalimanah Kulon was ticked in the results of the first search; the second search sends it along.
    r = client.get(reverse("kerjasama:cari_mitra"), {"q": "Selabaya", "mitra": [KALIMANAH_KULON]},
                   HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200
    assert 'id="mitra-terpilih" aria-labelledby="judul-mitra-terpilih" hx-swap-oob="true"' in html
    assert _terpilih(html) == [KALIMANAH_KULON]
    assert _hasil(html) == [SELABAYA]

    # Ticking Selabaya asks again: both are chosen, in the order ticked; the results no longer offer them.
    r = client.get(reverse("kerjasama:cari_mitra"), {"q": "Selabaya", "mitra": [KALIMANAH_KULON, SELABAYA]},
                   HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert _terpilih(html) == [KALIMANAH_KULON, SELABAYA]
    assert _hasil(html) == []
    assert "sudah ada di daftar terpilih" in html

    # Unticking one (removing it) gives it back to the results of the current search.
    r = client.get(reverse("kerjasama:cari_mitra"), {"q": "Selabaya", "mitra": [KALIMANAH_KULON]},
                   HTTP_HX_REQUEST="true")
    assert _hasil(r.content.decode()) == [SELABAYA]

    # A desa outside the law's candidates (another kabupaten, R3) never shows as chosen.
    r = client.get(reverse("kerjasama:cari_mitra"), {"q": "", "mitra": ["33.02.13.2006"]}, HTTP_HX_REQUEST="true")
    assert _terpilih(r.content.decode()) == []


def test_tanpa_javascript_dua_pencarian_dua_centang_tersimpan(client, persona, desa_kalimanah):
    client.force_login(persona["budi"])
    dasar = {"judul": "Usaha bersama bambu", "bidang": ["USAHA_BERSAMA"], "jenis": "ANTAR_DESA"}
    # The first search, then Kalimanah Kulon ticked in its results and "Cari" pressed for Selabaya.
    r = client.post(reverse("kerjasama:buat"), {**dasar, "q": "Kalimanah Kulon", "cari": "1"})
    assert KALIMANAH_KULON in _hasil(r.content.decode())
    r = client.post(reverse("kerjasama:buat"), {**dasar, "q": "Selabaya", "mitra": [KALIMANAH_KULON], "cari": "1"})
    html = r.content.decode()
    assert _terpilih(html) == [KALIMANAH_KULON]  # kept, now in the chosen list
    assert _hasil(html) == [SELABAYA]
    assert not KerjaSamaDesa.objects.exists()

    r = client.post(reverse("kerjasama:buat"), {**dasar, "q": "Selabaya", "mitra": [KALIMANAH_KULON, SELABAYA],
                                                 "simpan": "1"})
    assert r.status_code == 302
    ks = KerjaSamaDesa.objects.get()
    assert [p.desa.kode for p in ks.peserta.order_by("urutan")] == ["33.03.06.2015", KALIMANAH_KULON, SELABAYA]


def test_halaman_rencana_menampilkan_mitra_lama_sebagai_terpilih(client, persona, wilayah):
    k = buat_kerjasama(persona, wilayah, sampai="DRAFT", jumlah_desa=3)
    client.force_login(persona["budi"])
    html = client.get(reverse("kerjasama:rencana", args=[k.ks.kode])).content.decode()
    assert _terpilih(html) == [d.kode for d in k.desa[1:]]
