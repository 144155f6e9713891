"""The generated documents (DOMAIN.md §D1, D3, D4, D5; STYLE.md §12): content in the order of D1, determinism,
no network, paper sizes, and the QR code that leads to the verification page.

Test data is built directly with the models (kerjasama/tests/data_dokumen.py): rendering needs no service.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import re
import socket
import threading

import pytest
from django.conf import settings as dj_settings
from pypdf import PdfReader

from inti import pdf as inti_pdf
from kerjasama import documents
from kerjasama.choices import Bidang, JenisKerjaSama, JenisPihakKetiga, JenisProdukHukum, PeranPeserta, StatusPenawaran
from kerjasama.models import KerjaSamaPeserta, Musyawarah, PihakKetiga, SuratPenawaran
from kerjasama.tests.data_dokumen import buat_kerja_sama, desa_dokumen

pytestmark = pytest.mark.django_db


# -- helpers ---------------------------------------------------------------------------------------

def teks_pdf(pdf: bytes) -> str:
    """The document's text, pages joined, without the running header/footer, whitespace collapsed."""
    halaman = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        t = page.extract_text() or ""
        t = re.sub(r"Keaslian dokumen ini.*?kode verifikasi\s+\w+", " ", t, flags=re.S)
        t = re.sub(r"(?m)^\s*- \d+ -\s*$", " ", t)
        halaman.append(t)
    return re.sub(r"\s+", " ", " ".join(halaman)).strip()


def posisi_berurutan(teks: str, penanda: list[str]) -> list[int]:
    """Positions of ``penanda`` found one after the other; fails naming the first one missing in order."""
    posisi, mulai = [], 0
    for p in penanda:
        i = teks.find(p, mulai)
        assert i >= 0, f"tidak ditemukan (setelah posisi {mulai}): {p!r}"
        posisi.append(i)
        mulai = i + len(p)
    return posisi


@pytest.fixture
def desa8(wilayah):
    return desa_dokumen(wilayah, 8)


@pytest.fixture
def ph8(desa8):
    return buat_kerja_sama(desa8)


# -- D1: the Peraturan Bersama of 8 desa --------------------------------------------------------------

def test_peraturan_bersama_8_desa_holds_every_part_of_D1_in_order(ph8, desa8):
    teks = teks_pdf(documents.render_produk_hukum(ph8))
    nama = [d.nama for d in desa8]
    besar = [n.upper() for n in nama]
    kades = ", ".join(f"KEPALA DESA {n}" for n in besar[:-1]) + f" DAN KEPALA DESA {besar[-1]}"

    posisi_berurutan(teks, [
        # 1–6: kop, title naming every kepala desa, one number line per desa, tentang, rahmat, issuing officials
        "KABUPATEN PURBALINGGA",
        f"PERATURAN BERSAMA {kades}",
        *[f"NOMOR {i:02d} TAHUN 2026" for i in range(1, 9)],
        "TENTANG", "PENGEMBANGAN USAHA BERSAMA KERAJINAN BAMBU",
        "DENGAN RAHMAT TUHAN YANG MAHA ESA",
        f"{kades},",
        # 7–9: Menimbang, Mengingat with LN/TLN, Memperhatikan (Musdes per desa + MAD)
        "Menimbang", "bahwa", "Musyawarah Antar Desa pada tanggal 5 Oktober 2026", "perlu menetapkan",
        "Mengingat",
        "Undang-Undang Nomor 6 Tahun 2014 tentang Desa (Lembaran Negara Republik Indonesia Tahun 2014 Nomor 7, "
        "Tambahan Lembaran Negara Republik Indonesia Nomor 5495)",
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
        "Peraturan Pemerintah Nomor 43 Tahun 2014",
        "Peraturan Menteri Dalam Negeri Nomor 111 Tahun 2014",
        "Peraturan Menteri Dalam Negeri Nomor 96 Tahun 2017",
        "Memperhatikan",
        *[f"Berita Acara Musyawarah Desa {n}" for n in nama],
        "Berita Acara Musyawarah Antar Desa tanggal 5 Oktober 2026",
        # 11: MEMUTUSKAN / Menetapkan
        "MEMUTUSKAN", "Menetapkan", f"PERATURAN BERSAMA {kades} TENTANG PENGEMBANGAN USAHA BERSAMA KERAJINAN BAMBU.",
        # 12: the body, BAB I–XII with continuous Pasal numbers and all eight mandatory items (★)
        "BAB I KETENTUAN UMUM", "Pasal 1", *[f"Desa {n} adalah desa" for n in nama],
        "BAB II MAKSUD DAN TUJUAN", "Pasal 2",
        "BAB III RUANG LINGKUP DAN BIDANG KERJA SAMA", "Pasal 3", "Pengadaan bahan baku bambu",  # ★ ruang lingkup
        "Pasal 4", "Pengembangan usaha bersama yang dimiliki oleh desa",  # ★ bidang
        "BAB IV BADAN KERJA SAMA ANTAR DESA", "BKAD Kalimanah",
        "BAB V TATA CARA DAN KETENTUAN PELAKSANAAN KERJA SAMA", "rencana kerja tahunan",  # ★ tata cara
        "BAB VI JANGKA WAKTU", "1 Januari 2027 sampai dengan tanggal 31 Desember 2029",  # ★ jangka waktu
        "BAB VII HAK DAN KEWAJIBAN", "bagian hasil usaha",  # ★ hak dan kewajiban
        "BAB VIII PENDANAAN", "APB Desa masing-masing", "Rp 45.000.000", "Lampiran II",  # ★ pendanaan
        "BAB IX PELAPORAN, PEMANTAUAN DAN EVALUASI",
        "BAB X TATA CARA PERUBAHAN, PENUNDAAN, DAN PEMBATALAN", "atas kesepakatan para pihak",  # ★ perubahan
        "berakhirnya masa perjanjian",
        "BAB XI PENYELESAIAN PERSELISIHAN", "difasilitasi oleh camat",  # ★ perselisihan
        "BAB XII KETENTUAN PENUTUP", "mulai berlaku pada tanggal diundangkan",
        "memerintahkan pengundangan Peraturan Bersama ini dengan penempatannya dalam "
        + ", ".join(f"Berita Desa {n}" for n in nama[:-1]) + f" dan Berita Desa {nama[-1]}.",
        # 13: enactment
        "Ditetapkan di Klapasawit pada tanggal 23 November 2026",
    ])
    # Pasal numbers are continuous across chapters: Pasal 1 … Pasal 17, each once, in order.
    nomor_pasal = re.findall(r"(?:^|[\s.:;)])Pasal (\d+)(?= )", teks.split("MEMUTUSKAN")[1].split("Ditetapkan di")[0])
    assert [int(n) for n in nomor_pasal if int(n) < 90] == list(range(1, 18))

    # 13: the signature grid — one block per kepala desa in the order of the title, each with its name
    ttd = teks[teks.index("Ditetapkan di"):]
    pos_kepala = posisi_berurutan(ttd, [f"KEPALA DESA {n}," for n in besar])
    pos_nama = posisi_berurutan(ttd, [f"DARMO {n} SANTOSO" for n in besar])
    assert all(k < n for k, n in zip(pos_kepala, pos_nama))
    assert len(set(pos_kepala)) == 8
    # 14–15: promulgation per desa, its Sekretaris Desa and Berita Desa line
    pos_sekdes = posisi_berurutan(ttd, [f"SEKRETARIS DESA {n}," for n in besar])
    pos_nama_sekdes = posisi_berurutan(ttd, [f"RAHAYU {n} LESTARI" for n in besar])
    assert all(k < n for k, n in zip(pos_sekdes, pos_nama_sekdes))
    posisi_berurutan(ttd, [f"BERITA DESA {n} TAHUN 2026 NOMOR {10 + i}" for i, n in enumerate(besar)])
    # 16: lampiran — BKAD members, contributions per desa, schedule
    lampiran = posisi_berurutan(ttd, [
        "LAMPIRAN I", "SUSUNAN PENGURUS BKAD KALIMANAH", *[f"Anggota {n}" for n in nama],
        "LAMPIRAN II", "KONTRIBUSI DANA DAN ASET MASING-MASING DESA",
        *[f"Jumlah Desa {n} Rp {1_250_000 * (i + 1):,}".replace(",", ".") for i, n in enumerate(nama)],
        "JUMLAH SELURUHNYA Rp 45.000.000",
        "LAMPIRAN III", "JADWAL PELAKSANAAN KERJA SAMA", "23 November 2026", "Tahun Anggaran 2027",
        "31 Desember 2029",
    ])
    assert lampiran[0] > max(pos_nama)


def test_numbers_and_dates_stay_open_until_signed(desa8):
    ph = buat_kerja_sama(desa8, ditandatangani=False, diundangkan=False)
    teks = teks_pdf(documents.render_produk_hukum(ph))
    assert teks.count("NOMOR … TAHUN …") == 8
    assert "Ditetapkan di Klapasawit pada tanggal …" in teks
    assert teks.count("BERITA DESA") == 8 and "TAHUN … NOMOR …" in teks
    assert "SANTOSO" not in teks  # no signer's name before signing


def test_two_renders_of_the_same_data_are_identical(ph8):
    a = documents.render_produk_hukum(ph8)
    b = documents.render_produk_hukum(ph8)
    assert teks_pdf(a) == teks_pdf(b)
    assert a == b  # byte for byte: no render time, no random ids
    meta = PdfReader(io.BytesIO(a)).metadata
    assert meta["/CreationDate"].startswith("D:20261123")  # the document's own date, not the clock
    assert "Peraturan Bersama Kepala Desa" in meta["/Title"]


def test_renders_with_networking_disabled(ph8, monkeypatch):
    def tanpa_jaringan(*args, **kwargs):
        raise AssertionError("PDF rendering tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", tanpa_jaringan)
    monkeypatch.setattr(socket, "create_connection", tanpa_jaringan)
    monkeypatch.setattr(socket, "getaddrinfo", tanpa_jaringan)
    pdf = documents.render_produk_hukum(ph8)
    assert pdf.startswith(b"%PDF-")
    assert "KABUPATEN PURBALINGGA" in teks_pdf(pdf)


def test_qr_code_decodes_to_the_verification_url(ph8):
    pypdfium2 = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    pdf = documents.render_produk_hukum(ph8)
    url = f"{dj_settings.SITUS_URL}/v/{ph8.kode_verifikasi}/"

    dok = pypdfium2.PdfDocument(pdf)
    gambar = dok[0].render(scale=3).to_pil()
    hasil = zxingcpp.read_barcodes(gambar)
    assert [h.text for h in hasil] == [url]
    assert hasil[0].format == zxingcpp.BarcodeFormat.QRCode
    # …and the short code is printed beside it, on every page
    halaman = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert all(ph8.kode_verifikasi in h for h in halaman)


def test_paper_sizes_and_page_numbers(ph8):
    a4 = PdfReader(io.BytesIO(documents.render_produk_hukum(ph8)))
    ph8.ukuran_kertas = "F4"
    f4 = PdfReader(io.BytesIO(documents.render_produk_hukum(ph8)))
    mm = 72 / 25.4
    assert (round(float(a4.pages[0].mediabox.width) / mm), round(float(a4.pages[0].mediabox.height) / mm)) == (210, 297)
    assert (round(float(f4.pages[0].mediabox.width) / mm), round(float(f4.pages[0].mediabox.height) / mm)) == (215, 330)
    assert len(f4.pages) < len(a4.pages)  # folio holds more per page
    for i, page in enumerate(a4.pages[:3], start=1):
        assert f"- {i} -" in page.extract_text()


# -- D3, D4, D5 ----------------------------------------------------------------------------------

@pytest.fixture
def perjanjian(wilayah):
    pk = PihakKetiga.objects.create(
        kabupaten=wilayah.purbalingga, nama="CV Bambu Lestari", jenis=JenisPihakKetiga.SWASTA_BADAN_USAHA,
        penanggung_jawab_nama="Rina Wijaya", penanggung_jawab_jabatan="Direktur", alamat="Purbalingga",
    )
    ph = buat_kerja_sama([wilayah.klapasawit, wilayah.tetangga], jenis_ph=JenisProdukHukum.PERJANJIAN_BERSAMA)
    ks = ph.kerja_sama
    ks.peserta.exclude(peran=PeranPeserta.PEMRAKARSA).delete()
    ks.jenis, ks.pihak_ketiga = JenisKerjaSama.PIHAK_KETIGA, pk
    ks.save()
    return ph


def test_perjanjian_bersama_with_a_third_party(perjanjian):
    teks = teks_pdf(documents.render_produk_hukum(perjanjian))
    posisi_berurutan(teks, [
        "PERJANJIAN KERJA SAMA ANTARA PEMERINTAH DESA KLAPASAWIT DENGAN CV BAMBU LESTARI",
        "TENTANG PENGEMBANGAN USAHA BERSAMA KERAJINAN BAMBU",
        "NOMOR: 01/Klapasawit/2026",
        "Pada hari ini, Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam",
        "DARMO KLAPASAWIT SANTOSO", "PIHAK KESATU", "RINA WIJAYA", "PIHAK KEDUA", "PARA PIHAK",
        "DASAR HUKUM", "MAKSUD DAN TUJUAN",
        "RUANG LINGKUP", "BIDANG", "TATA CARA PELAKSANAAN", "JANGKA WAKTU", "HAK DAN KEWAJIBAN", "PENDANAAN",
        "PELAPORAN", "PERUBAHAN, PENUNDAAN, DAN PEMBATALAN", "KEADAAN KAHAR", "PENYELESAIAN PERSELISIHAN", "PENUTUP",
        "PIHAK KEDUA,", "PIHAK KESATU,", "Mengetahui, CAMAT KALIMANAH",
    ])
    assert "Kalimanah Kulon" not in teks  # only the bound desa and the third party


def test_surat_penawaran(ph8, desa8):
    ks = ph8.kerja_sama
    kepada = KerjaSamaPeserta.objects.get(kerja_sama=ks, desa=desa8[1])
    surat = SuratPenawaran.objects.create(
        kerja_sama=ks, kepada=kepada, nomor="001/KS/33.03.06.2015/2026", tanggal=dt.date(2026, 8, 17),
        isi={"judul": ks.judul, "bidang": ks.bidang, "ruang_lingkup": "Pengadaan bambu bersama.",
             "tanggal_mulai": "2027-01-01", "tanggal_selesai": "2029-12-31"},
    )
    teks = teks_pdf(documents.render_surat_penawaran(surat))
    posisi_berurutan(teks, [
        "PEMERINTAH KABUPATEN PURBALINGGA", "KECAMATAN KALIMANAH", "KEPALA DESA KLAPASAWIT",
        "Klapasawit, 17 Agustus 2026", "Nomor : 001/KS/33.03.06.2015/2026", "Penawaran Kerja Sama Antar Desa",
        "Yth. Kepala Desa Kalimanah Kulon",
        "Bidang dan/atau potensi desa", "Ruang lingkup: Pengadaan bambu bersama.",  # from the letter's copy
        "Tata cara dan ketentuan pelaksanaan", "Jangka waktu: 1 Januari 2027 sampai dengan 31 Desember 2029",
        "Hak dan kewajiban", "Pendanaan", "Tata cara perubahan, penundaan, dan pembatalan",
        "Penyelesaian perselisihan", "jawaban tertulis", "DARMO KLAPASAWIT SANTOSO", "Tembusan", "Camat Kalimanah",
    ])
    assert "kode verifikasi" not in teks  # no ProdukHukum given: no QR


def test_berita_acara_mad_and_render_by_kind(ph8, desa8):
    mad = Musyawarah.objects.get(kerja_sama=ph8.kerja_sama, jenis="MAD")
    teks = teks_pdf(documents.render_berita_acara(mad))
    posisi_berurutan(teks, [
        "BERITA ACARA", "MUSYAWARAH ANTAR DESA", "TENTANG", "PENGEMBANGAN USAHA BERSAMA KERAJINAN BAMBU",
        "Senin tanggal 5 Oktober 2026", "Balai Desa Klapasawit",
        *[f"Desa {d.nama}, Kecamatan" for d in sorted(desa8, key=lambda d: d.kode)],
        "12 orang perempuan", "ACARA", "KEPUTUSAN", "SEPAKAT", "Membentuk BKAD",
        "PIMPINAN MUSYAWARAH", "SUTRISNO", "NOTULIS", "WULANDARI",
    ])
    # The same record as a registered document (ProdukHukum of kind BERITA_ACARA_MAD) carries its QR code.
    ph8.jenis = JenisProdukHukum.BERITA_ACARA_MAD
    teks_ph = teks_pdf(documents.render_produk_hukum(ph8))
    assert "MUSYAWARAH ANTAR DESA" in teks_ph
    assert ph8.kode_verifikasi in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(documents.render_produk_hukum(ph8))).pages)


def test_surat_penawaran_kind_renders_every_letter_of_the_agreement(ph8, desa8):
    ks = ph8.kerja_sama
    for i, d in enumerate(desa8[1:3], start=1):
        SuratPenawaran.objects.create(kerja_sama=ks, kepada=KerjaSamaPeserta.objects.get(kerja_sama=ks, desa=d),
                                      nomor=f"00{i}/KS", tanggal=dt.date(2026, 8, 17), isi={})
    ph8.jenis = JenisProdukHukum.SURAT_PENAWARAN
    teks = teks_pdf(documents.render_produk_hukum(ph8))
    posisi_berurutan(teks, ["Nomor : 001/KS", f"Yth. Kepala Desa {desa8[1].nama}",
                            "Nomor : 002/KS", f"Yth. Kepala Desa {desa8[2].nama}"])


def test_refused_partner_is_not_a_party(desa8):
    ph = buat_kerja_sama(desa8[:3])
    KerjaSamaPeserta.objects.filter(kerja_sama=ph.kerja_sama, desa=desa8[2]).update(
        penawaran_status=StatusPenawaran.DITOLAK)
    teks = teks_pdf(documents.render_produk_hukum(ph))
    assert f"KEPALA DESA {desa8[2].nama.upper()}" not in teks
    assert "PERATURAN BERSAMA KEPALA DESA KLAPASAWIT DAN KEPALA DESA KALIMANAH KULON" in teks


def test_unknown_kind_is_refused(ph8):
    ph8.jenis = JenisProdukHukum.LAINNYA
    with pytest.raises(ValueError):
        documents.render_produk_hukum(ph8)


# -- inti.pdf: assets from disk only --------------------------------------------------------------

HTML_DASAR = '<html><head><link rel="stylesheet" href="css/print.css"></head><body><p>Uji {}</p></body></html>'


def test_static_files_are_served_from_disk():
    pdf = inti_pdf.html_ke_pdf(HTML_DASAR.format('<img src="/static/img/logo.svg" alt="">'))
    assert "Uji" in teks_pdf(pdf)
    assert inti_pdf._path_statis("file:///static/img/logo.svg") == "img/logo.svg"
    assert inti_pdf._path_statis(inti_pdf.base_url() + "css/print.css") == "css/print.css"


@pytest.mark.parametrize("url", [
    "http://example.com/logo.png",
    "https://cdn.example.com/font.woff2",
    "file:///etc/passwd",
    "/static/../../etc/passwd",
    "/media/produk_hukum/rahasia.pdf",
    "ftp://example.com/x.png",
])
def test_anything_but_static_files_is_refused(url, monkeypatch):
    def tanpa_jaringan(*args, **kwargs):
        raise AssertionError("tried to use the network")

    monkeypatch.setattr(socket, "create_connection", tanpa_jaringan)
    monkeypatch.setattr(socket, "getaddrinfo", tanpa_jaringan)
    with pytest.raises(inti_pdf.AsetDitolak):
        inti_pdf.html_ke_pdf(HTML_DASAR.format(f'<img src="{url}" alt="">'))


def test_unknown_paper_size_is_refused():
    with pytest.raises(ValueError, match="A4 atau F4"):
        inti_pdf.html_ke_pdf(HTML_DASAR.format(""), ukuran="Letter")



# -- inti.pdf: the cyclic garbage collector is paused during a render, and always switched back on ----

def _rekam_gc_saat_ambil(monkeypatch) -> list[bool]:
    """Record gc.isenabled() each time WeasyPrint fetches an asset, i.e. in the middle of a render."""
    terlihat: list[bool] = []
    ambil_asli = inti_pdf.PengambilStatis.fetch

    def ambil(self, url, headers=None):
        terlihat.append(gc.isenabled())
        return ambil_asli(self, url, headers)

    monkeypatch.setattr(inti_pdf.PengambilStatis, "fetch", ambil)
    return terlihat


def test_gc_paused_during_render_and_back_on_after(monkeypatch):
    terlihat = _rekam_gc_saat_ambil(monkeypatch)
    assert gc.isenabled()
    inti_pdf.html_ke_pdf(HTML_DASAR.format('<img src="/static/img/logo.svg" alt="">'))
    assert terlihat and not any(terlihat)
    assert gc.isenabled()


def test_gc_back_on_after_a_refused_render(monkeypatch):
    with pytest.raises(inti_pdf.AsetDitolak):
        inti_pdf.html_ke_pdf(HTML_DASAR.format('<img src="http://example.com/x.png" alt="">'))
    assert gc.isenabled()


def test_gc_left_off_when_the_caller_had_switched_it_off():
    gc.disable()
    try:
        inti_pdf.html_ke_pdf(HTML_DASAR.format(""))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_concurrent_renders_share_one_pause():
    """The first render to finish must not switch the collector back on under another one still running."""
    with inti_pdf._gc_dijeda():  # a render in progress on this thread
        t = threading.Thread(target=inti_pdf.html_ke_pdf, args=(HTML_DASAR.format(""),))
        t.start()
        t.join(60)
        assert not t.is_alive()
        assert not gc.isenabled()  # the other render has finished; this one is still inside its pause
    assert gc.isenabled()


def test_menimbang_names_each_sector_once(ph8):
    """UU 6/2014 Ps 92(1) c is itself called "bidang keamanan dan ketertiban": no "di bidang bidang"."""
    ks = ph8.kerja_sama
    ks.bidang = [Bidang.USAHA_BERSAMA, Bidang.KEAMANAN_KETERTIBAN]
    ks.save(update_fields=["bidang"])
    pertama = documents.konteks_peraturan_bersama(ph8)["menimbang"][0]
    assert "bidang bidang" not in pertama.lower()
    assert "di bidang pengembangan usaha bersama yang dimiliki oleh desa dan keamanan dan ketertiban;" in pertama
