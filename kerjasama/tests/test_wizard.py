"""Wizard step 1 (title, bidang, partner desa): partners chosen across several searches are all kept — with
htmx (the search answers with the chosen list too) and without JavaScript (the "Cari" button posts the form)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from desa.models import Desa
from kerjasama import aturan, services
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


# -- step 2's default texts follow the kind of agreement (DOMAIN.md §C1.1, §C2, §D3; PP 43/2014 Pasal 145–148) -----

ANTAR_DESA_SAJA = ("desa peserta", "camat", "Peraturan Bersama Kepala Desa")


def _baku_di_halaman(client, ks) -> dict[str, str]:
    form = client.get(reverse("kerjasama:isi", args=[ks.kode])).context["form"]
    return {nama: form[nama].value() for nama in ("tata_cara_perubahan", "penyelesaian_perselisihan")}


def test_rencana_pihak_ketiga_mendapat_teks_baku_perjanjian_bersama(client, persona, desa_kalimanah, pihak_ketiga):
    client.force_login(persona["budi"])
    r = client.post(reverse("kerjasama:buat"), {"jenis": "PIHAK_KETIGA", "judul": "Pengolahan bambu",
                                                 "bidang": ["USAHA_BERSAMA"], "pihak_ketiga": str(pihak_ketiga.pk),
                                                 "prakarsa": "DESA", "simpan": "1"})
    assert r.status_code == 302
    ks = KerjaSamaDesa.objects.get()
    baku = _baku_di_halaman(client, ks)
    assert (ks.tata_cara_perubahan, ks.penyelesaian_perselisihan) == (
        baku["tata_cara_perubahan"], baku["penyelesaian_perselisihan"])  # stored by the service, shown as is
    assert "adendum" in baku["tata_cara_perubahan"] and "PP 43/2014 Pasal 145" in baku["tata_cara_perubahan"]
    assert "pihak ketiga" in baku["tata_cara_perubahan"] and "Perjanjian Bersama" in baku["tata_cara_perubahan"]
    assert "proses hukum" in baku["penyelesaian_perselisihan"] and "PP 43/2014 Pasal 148" in baku["penyelesaian_perselisihan"]
    for teks in baku.values():
        for kata in ANTAR_DESA_SAJA:
            assert kata.lower() not in teks.lower(), (kata, teks)


def test_draf_pihak_ketiga_lama_dengan_teks_antar_desa_ditawari_teks_pihak_ketiga(client, persona, wilayah):
    k = buat_kerjasama(persona, wilayah, sampai="DRAFT", jenis="PIHAK_KETIGA")
    # Drafted when every agreement got the inter-village defaults, and never touched.
    antar_desa = aturan.isi_baku("ANTAR_DESA")
    KerjaSamaDesa.objects.filter(pk=k.ks.pk).update(**antar_desa)
    client.force_login(persona["budi"])
    assert _baku_di_halaman(client, k.ks) == aturan.isi_baku("PIHAK_KETIGA")
    data = _isi_seperti_peramban(client, k.ks)
    assert client.post(reverse("kerjasama:isi", args=[k.ks.kode]), data).status_code == 302
    k.ks.refresh_from_db()
    assert k.ks.tata_cara_perubahan == aturan.TATA_CARA_PERUBAHAN_PIHAK3_BAKU
    assert _catatan_ubah_isi(k.ks) == ["baku: penyelesaian_perselisihan, tata_cara_perubahan"]
    # The user's own wording is never replaced.
    KerjaSamaDesa.objects.filter(pk=k.ks.pk).update(tata_cara_perubahan="Diubah dengan adendum.")
    assert _baku_di_halaman(client, k.ks)["tata_cara_perubahan"] == "Diubah dengan adendum."


def test_rencana_antar_desa_tetap_mendapat_teks_baku_peraturan_bersama(client, persona, desa_kalimanah):
    client.force_login(persona["budi"])
    client.post(reverse("kerjasama:buat"), {"judul": "Usaha bambu", "bidang": ["USAHA_BERSAMA"],
                                            "mitra": [KALIMANAH_KULON], "simpan": "1"})
    ks = KerjaSamaDesa.objects.get()
    KerjaSamaDesa.objects.filter(pk=ks.pk).update(tata_cara_perubahan="")  # an older draft without it
    baku = _baku_di_halaman(client, ks)
    assert baku == {"tata_cara_perubahan": aturan.TATA_CARA_PERUBAHAN_BAKU,
                    "penyelesaian_perselisihan": aturan.PENYELESAIAN_PERSELISIHAN_BAKU}
    assert "Peraturan Bersama Kepala Desa" in baku["tata_cara_perubahan"] and "camat" in baku["penyelesaian_perselisihan"]


def test_kerjasama_buat_memberi_teks_baku_menurut_jenis(persona, wilayah, desa_kalimanah, pihak_ketiga):
    """The service (used by the wizard and the API) fills the items left out with its kind's defaults."""
    oleh, klapasawit = persona["sari"], wilayah.klapasawit
    ks = services.kerjasama_buat(oleh=oleh, desa_pemrakarsa=klapasawit, judul="Bambu", jenis="PIHAK_KETIGA",
                                 pihak_ketiga=pihak_ketiga, bidang=["USAHA_BERSAMA"])
    assert (ks.tata_cara_perubahan, ks.penyelesaian_perselisihan) == (
        aturan.TATA_CARA_PERUBAHAN_PIHAK3_BAKU, aturan.PENYELESAIAN_PERSELISIHAN_PIHAK3_BAKU)
    ks = services.kerjasama_buat(oleh=oleh, desa_pemrakarsa=klapasawit, judul="Bambu", bidang=["USAHA_BERSAMA"],
                                 mitra=[Desa.objects.get(kode=KALIMANAH_KULON)])
    assert (ks.tata_cara_perubahan, ks.penyelesaian_perselisihan) == (
        aturan.TATA_CARA_PERUBAHAN_BAKU, aturan.PENYELESAIAN_PERSELISIHAN_BAKU)
