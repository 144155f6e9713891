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


# -- wording of the wizard and an honest timeline of step 2 ---------------------------------------------


def _blok_isian(html: str, nama: str) -> str:
    m = re.search(rf'<div class="isian[^"]*">\s*<label for="id_{nama}">.*?</div>\s*(?=<div class="isian|</fieldset>)', html, re.S)
    assert m, nama
    return m.group(0)


def test_judul_kosong_disebut_namanya_di_bawah_judul(client, persona, desa_kalimanah):
    client.force_login(persona["budi"])
    r = client.post(reverse("kerjasama:buat"), {"judul": "", "bidang": ["USAHA_BERSAMA"], "mitra": [KALIMANAH_KULON],
                                                 "simpan": "1"})
    html = r.content.decode()
    assert r.status_code == 400
    assert "Judul kerja sama wajib diisi." in _blok_isian(html, "judul")
    assert "Bidang ini harus diisi." not in html  # reads as if "Bidang kerja sama" were meant
    bidang = html[html.index("Bidang kerja sama"):html.index("</fieldset>", html.index("Bidang kerja sama"))]
    assert "galat-isian" not in bidang  # nothing is said under the sector field


def _isi_seperti_peramban(client, ks) -> dict:
    """What the browser posts for step 2 untouched: every item as the page shows it (defaults included),
    textareas with CRLF line ends."""
    form = client.get(reverse("kerjasama:isi", args=[ks.kode])).context["form"]
    data = {}
    for nama in form.fields:
        v = form[nama].value()
        v = "" if v is None else (v.isoformat() if hasattr(v, "isoformat") else str(v))
        data[nama] = v.replace("\r\n", "\n").replace("\n", "\r\n")
    return data


def _catatan_ubah_isi(ks) -> list[str]:
    return list(ks.langkah.filter(aksi="ubah_isi").order_by("id").values_list("catatan", flat=True))


def test_linimasa_isi_hanya_menyebut_yang_diubah_pengguna(client, persona, desa_kalimanah):
    client.force_login(persona["budi"])
    client.post(reverse("kerjasama:buat"), {"judul": "Usaha bambu", "bidang": ["USAHA_BERSAMA"],
                                            "mitra": [KALIMANAH_KULON], "simpan": "1"})
    ks = KerjaSamaDesa.objects.get()
    data = _isi_seperti_peramban(client, ks)
    assert "musyawarah dan mufakat" in data["penyelesaian_perselisihan"]  # prefilled, left as is
    data.update(ruang_lingkup="Produksi bambu.\r\nPemasaran bersama.", tanggal_mulai="2026-01-01")
    r = client.post(reverse("kerjasama:isi", args=[ks.kode]), data)
    assert r.status_code == 302
    assert _catatan_ubah_isi(ks) == ["ruang_lingkup, tanggal_mulai"]
    teks = client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    assert "Diubah: ruang lingkup, tanggal mulai." in teks
    assert "Diubah: " + "penyelesaian" not in teks

    # Saved again without touching anything (multi-line text comes back with CRLF): no new timeline row.
    r = client.post(reverse("kerjasama:isi", args=[ks.kode]), _isi_seperti_peramban(client, ks))
    assert r.status_code == 302
    assert _catatan_ubah_isi(ks) == ["ruang_lingkup, tanggal_mulai"]


def test_draf_lama_tanpa_teks_baku_dicatat_sebagai_teks_baku_dipakai(client, persona, desa_kalimanah):
    client.force_login(persona["budi"])
    client.post(reverse("kerjasama:buat"), {"judul": "Usaha bambu", "bidang": ["USAHA_BERSAMA"],
                                            "mitra": [KALIMANAH_KULON], "simpan": "1"})
    ks = KerjaSamaDesa.objects.get()
    KerjaSamaDesa.objects.filter(pk=ks.pk).update(penyelesaian_perselisihan="")  # drafted before the defaults
    data = _isi_seperti_peramban(client, ks)  # the page offers the default text
    data["hak_kewajiban"] = "Setiap desa menyetor kontribusi."
    assert client.post(reverse("kerjasama:isi", args=[ks.kode]), data).status_code == 302
    assert _catatan_ubah_isi(ks) == ["hak_kewajiban; baku: penyelesaian_perselisihan"]
    teks = client.get(reverse("kerjasama:detail", args=[ks.kode])).content.decode()
    assert "Diubah: hak dan kewajiban. Teks baku dipakai: penyelesaian perselisihan." in teks
