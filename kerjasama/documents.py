"""The documents of a cooperation, rendered to PDF (DOMAIN.md §D1, D3, D4, D5). Rendering only: no DB writes.

- ``render_produk_hukum(ph)`` — by ``ph.jenis``: the Peraturan Bersama Kepala Desa (§D1), the Perjanjian
  Bersama with a third party (§D3), an offer letter (§D4: the letter whose ``dokumen`` it is, else all the
  agreement's letters) or a MAD record (§D5: the MAD whose ``dokumen`` it is, else the latest).
- ``render_surat_penawaran(surat)`` — one offer letter (§D4).
- ``render_berita_acara(musyawarah)`` — the record of a Musyawarah Antar Desa (§D5).

The text is assembled here as plain data (chapters, articles, paragraphs, with continuous article
numbers) and the templates in ``templates/kerjasama/dokumen/`` only lay it out, so what the document
says can be read — and reviewed against the law — in one place. Every document that belongs to a
``ProdukHukum`` carries a QR code and the short code of its public verification page
(``{SITUS_URL}/v/<kode>/``); the QR is an inline PNG ``data:`` URI made with segno, never fetched.

Storing, numbering and hashing are the services' work (``services.produk_hukum_simpan_pdf``); the same
data gives the same bytes, so a hash can be recomputed.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

import segno
from django.conf import settings
from django.urls import reverse

from inti import format as fmt
from inti.pdf import render_pdf

from .choices import (
    AgendaMAD,
    AlasanBerakhir,
    Bidang,
    JenisKerjaSama,
    JenisMusyawarah,
    JenisProdukHukum,
    PeranPeserta,
    StatusPenawaran,
)

KOSONG = fmt.KOSONG
NBSP = "\u00a0"

# Mengingat (DOMAIN.md §D1 item 8). LN/TLN as cited in Peraturan Bersama practice; the ministerial
# regulations are cited without their Berita Negara numbers.
DASAR_HUKUM = (
    "Undang-Undang Nomor 6 Tahun 2014 tentang Desa (Lembaran Negara Republik Indonesia Tahun 2014 Nomor 7, "
    "Tambahan Lembaran Negara Republik Indonesia Nomor 5495) sebagaimana telah beberapa kali diubah, terakhir "
    "dengan Undang-Undang Nomor 3 Tahun 2024 tentang Perubahan Kedua atas Undang-Undang Nomor 6 Tahun 2014 "
    "tentang Desa (Lembaran Negara Republik Indonesia Tahun 2024 Nomor 77, Tambahan Lembaran Negara Republik "
    "Indonesia Nomor 6914)",
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (Lembaran Negara Republik Indonesia Tahun "
    "2014 Nomor 244, Tambahan Lembaran Negara Republik Indonesia Nomor 5587) sebagaimana telah beberapa kali "
    "diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti "
    "Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang (Lembaran Negara Republik "
    "Indonesia Tahun 2023 Nomor 41, Tambahan Lembaran Negara Republik Indonesia Nomor 6856)",
    "Peraturan Pemerintah Nomor 43 Tahun 2014 tentang Peraturan Pelaksanaan Undang-Undang Nomor 6 Tahun 2014 "
    "tentang Desa (Lembaran Negara Republik Indonesia Tahun 2014 Nomor 123, Tambahan Lembaran Negara Republik "
    "Indonesia Nomor 5539) sebagaimana telah beberapa kali diubah, terakhir dengan Peraturan Pemerintah Nomor "
    "11 Tahun 2019 tentang Perubahan Kedua atas Peraturan Pemerintah Nomor 43 Tahun 2014 (Lembaran Negara "
    "Republik Indonesia Tahun 2019 Nomor 41, Tambahan Lembaran Negara Republik Indonesia Nomor 6321)",
    "Peraturan Menteri Dalam Negeri Nomor 111 Tahun 2014 tentang Pedoman Teknis Peraturan di Desa",
    "Peraturan Menteri Dalam Negeri Nomor 96 Tahun 2017 tentang Tata Cara Kerja Sama Desa di Bidang "
    "Pemerintahan Desa",
)


# -- the shapes the templates lay out --------------------------------------------------------------

@dataclass
class Ayat:
    """A paragraph of an article, optionally with a list (``huruf``: a., b.; ``angka``: 1., 2.)."""

    teks: str
    butir: list[str] = field(default_factory=list)
    gaya: str = "huruf"
    nomor: str = ""  # "(1)" when the article has several paragraphs


@dataclass
class Pasal:
    ayat: list[Ayat]
    nomor: int = 0
    judul: str = ""  # an agreement titles its articles ("Pasal 3 / RUANG LINGKUP"); a regulation does not


@dataclass
class Bab:
    judul: str
    pasal: list[Pasal]
    nomor: str = ""


def _huruf(i: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[i] if i < 26 else f"{i + 1}"


def _paragraf(teks: str) -> list[str]:
    """Free text from a form → paragraphs (one per non-empty line)."""
    return [baris.strip() for baris in (teks or "").splitlines() if baris.strip()]


def _pasal(*isi: str | Ayat) -> Pasal:
    """An article of paragraphs; several paragraphs are numbered (1), (2) … unless the text numbers them."""
    ayat = [a if isinstance(a, Ayat) else Ayat(a) for a in isi if a]
    if len(ayat) > 1 and not any(re.match(r"^\(\d+\)", a.teks) for a in ayat):
        for i, a in enumerate(ayat, start=1):
            a.nomor = f"({i})"
    return Pasal(ayat=ayat or [Ayat(KOSONG)])


def _pasal_teks(teks: str, kosong: str = KOSONG) -> Pasal:
    return _pasal(*(_paragraf(teks) or [kosong]))


def _nomori(bab: list[Bab]) -> list[Bab]:
    """Chapters I, II, … and articles numbered continuously across chapters (DOMAIN.md §D1)."""
    n = 0
    for i, b in enumerate(bab, start=1):
        b.nomor = fmt.romawi(i)
        for p in b.pasal:
            n += 1
            p.nomor = n
    return bab


# -- shared parts ----------------------------------------------------------------------------------

def url_verifikasi(kode: str) -> str:
    return settings.SITUS_URL + reverse("kerjasama:verifikasi", args=[kode])


def qr_data_uri(teks: str) -> str:
    """A PNG QR code as a ``data:`` URI (inline: nothing to fetch). PNG, not SVG: WeasyPrint stores one image
    and reuses it on every page, where an SVG is parsed and drawn again per page (bench/pdf.py). 8 px per
    module: sharp at 19 mm even in viewers that smooth scaled images."""
    return segno.make(teks, error="m", micro=False).png_data_uri(scale=8, border=4, dark="#000", light="#fff")


def _verifikasi(ph) -> dict | None:
    if ph is None:
        return None
    url = url_verifikasi(ph.kode_verifikasi)
    return {"kode": ph.kode_verifikasi, "url": url, "qr": qr_data_uri(url)}


def _tanggal_iso(d: dt.date | dt.datetime | None) -> str:
    if isinstance(d, dt.datetime):
        d = d.date()
    return d.isoformat() if d else ""


def _nama_bidang(kode: list[str]) -> list[str]:
    label = dict(Bidang.choices)
    return [label.get(k, k) for k in kode]


def _bidang_dalam_kalimat(label: str) -> str:
    """A sector's label after "di bidang …": "Bidang keamanan dan ketertiban" (UU 6/2014 Ps 92(1) c) loses its
    own "bidang", so the sentence does not read "di bidang bidang keamanan"."""
    return label.lower().removeprefix("bidang ")


def _aktif(peserta) -> list:
    """The initiator plus every partner that has not refused (those bound by the agreement)."""
    return [p for p in peserta if p.peran == PeranPeserta.PEMRAKARSA or p.penawaran_status != StatusPenawaran.DITOLAK]


def _peserta(ks) -> list:
    qs = ks.peserta.select_related("desa__kecamatan__kabupaten", "musdes").order_by("urutan", "id")
    return _aktif(qs)


def _mad(ks):
    return (
        ks.musyawarah.filter(jenis=JenisMusyawarah.MAD).order_by("-tanggal", "-id").first()
        if ks is not None else None
    )


def _nomor_desa(p) -> str:
    return f"NOMOR {p.nomor_lengkap} TAHUN {p.tahun_peraturan or KOSONG}"


def baris_pengesahan(b) -> dict:
    """One desa's NOMOR line, signature block and Berita Desa line (§D1 items 3, 13, 14), from its party row
    (first document) or its signatory row (amendment): both are ``models.PengesahanDesa``."""
    return {
        "p": b,
        "nama": b.desa.nama,
        "nama_besar": b.desa.nama.upper(),
        "nomor": _nomor_desa(b),
        "kepala_desa": b.kepala_desa_nama,
        "sekretaris_desa": b.sekretaris_desa_nama,
        "tanggal_diundangkan": fmt.tanggal(b.tanggal_diundangkan),
        "berita_desa": f"BERITA DESA {b.desa.nama.upper()} TAHUN {b.berita_desa_tahun or KOSONG} "
                       f"NOMOR {b.berita_desa_nomor or KOSONG}",
    }


# -- D1 Peraturan Bersama Kepala Desa ----------------------------------------------------------------

def konteks_peraturan_bersama(ph) -> dict:
    ks = ph.kerja_sama
    peserta = _peserta(ks)
    desa_nama = [p.desa.nama for p in peserta]
    kades = [f"KEPALA DESA {n.upper()}" for n in desa_nama]
    # In the heading lines a "KEPALA DESA X" never breaks across lines (no-break spaces).
    kades_judul = fmt.daftar_dan([k.replace(" ", NBSP) for k in kades], "DAN")
    judul = ks.judul
    bkad = getattr(ks, "bkad", None)
    anggota = list(bkad.anggota.select_related("asal_desa").order_by("id")) if bkad else []
    kontribusi = list(ks.kontribusi.select_related("peserta__desa").order_by("peserta__urutan", "peserta_id", "id"))
    total = sum((k.nilai for k in kontribusi), Decimal(0))
    mad = _mad(ks)
    bidang = _nama_bidang(ks.bidang)
    desa_daftar = fmt.daftar_dan([f"Desa {n}" for n in desa_nama])
    nama_bkad = bkad.nama if bkad else "Badan Kerja Sama Antar Desa"

    menimbang = [
        f"bahwa untuk meningkatkan pelayanan, pembangunan, dan pemberdayaan masyarakat, {desa_daftar} "
        f"sepakat melaksanakan kerja sama antar desa di bidang {fmt.daftar_dan([_bidang_dalam_kalimat(b) for b in bidang]) or KOSONG};",
        (
            f"bahwa rancangan kerja sama telah dibahas dan disepakati dalam Musyawarah Antar Desa pada tanggal "
            f"{fmt.tanggal(mad.tanggal)} di {mad.tempat};" if mad else
            "bahwa rancangan kerja sama telah dibahas dan disepakati dalam Musyawarah Antar Desa;"
        ),
        "bahwa sesuai dengan ketentuan Pasal 92 ayat (2) dan ayat (3) Undang-Undang Nomor 6 Tahun 2014 tentang "
        "Desa, kerja sama antar desa dan pelaksanaannya oleh Badan Kerja Sama Antar Desa dituangkan dalam "
        "Peraturan Bersama Kepala Desa;",
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, huruf b, dan huruf c, perlu "
        f"menetapkan Peraturan Bersama {fmt.daftar_dan([k.title() for k in kades])} tentang {judul};",
    ]
    memperhatikan = []
    for p in peserta:
        m = p.musdes
        memperhatikan.append(
            f"Berita Acara Musyawarah Desa {p.desa.nama} tanggal {fmt.tanggal(m.tanggal)} tentang persetujuan "
            f"kerja sama antar desa;" if m else
            f"Berita Acara Musyawarah Desa {p.desa.nama} tentang persetujuan kerja sama antar desa;"
        )
    memperhatikan.append(
        f"Berita Acara Musyawarah Antar Desa tanggal {fmt.tanggal(mad.tanggal)} di {mad.tempat}." if mad
        else "Berita Acara Musyawarah Antar Desa."
    )

    definisi = [f"Desa {n} adalah desa di Kecamatan {p.desa.kecamatan.nama}, {ks.kabupaten.nama}."
                for n, p in zip(desa_nama, peserta)]
    definisi += [
        "Kepala Desa adalah kepala desa dari masing-masing desa para pihak.",
        "Badan Permusyawaratan Desa yang selanjutnya disingkat BPD adalah lembaga yang melaksanakan fungsi "
        "pemerintahan yang anggotanya merupakan wakil dari penduduk desa.",
        "Musyawarah Antar Desa adalah musyawarah yang diikuti oleh perwakilan desa para pihak untuk membahas "
        "dan menyepakati kerja sama antar desa.",
        f"Badan Kerja Sama Antar Desa yang selanjutnya disebut BKAD adalah {nama_bkad}, badan yang dibentuk "
        "para kepala desa untuk melaksanakan kerja sama antar desa.",
        f"Kerja Sama Antar Desa adalah kesepakatan bersama {desa_daftar} tentang {judul}.",
        f"Para Pihak adalah {desa_daftar}.",
    ]

    alasan_berakhir = [label.split(". ", 1)[-1] + ";" for _, label in AlasanBerakhir.choices]
    alasan_berakhir[-1] = alasan_berakhir[-1].rstrip(";") + "."
    periode_bkad = (
        f"Masa bakti pengurus BKAD terhitung sejak tanggal {fmt.tanggal(bkad.periode_mulai)} sampai dengan "
        f"tanggal {fmt.tanggal(bkad.periode_selesai)}." if bkad and bkad.periode_mulai else
        "Masa bakti pengurus BKAD mengikuti jangka waktu kerja sama."
    )

    bab = _nomori([
        Bab("KETENTUAN UMUM", [
            _pasal(Ayat("Dalam Peraturan Bersama ini yang dimaksud dengan:", definisi, gaya="angka")),
        ]),
        Bab("MAKSUD DAN TUJUAN", [
            _pasal_teks(ks.maksud_tujuan, f"Kerja sama antar desa dimaksudkan untuk {judul.lower()} guna "
                                          "meningkatkan kesejahteraan masyarakat para pihak."),
        ]),
        Bab("RUANG LINGKUP DAN BIDANG KERJA SAMA", [
            _pasal(Ayat("Ruang lingkup kerja sama meliputi:", _paragraf(ks.ruang_lingkup) or [KOSONG])),
            _pasal(Ayat("Bidang kerja sama sesuai dengan Pasal 92 ayat (1) Undang-Undang Nomor 6 Tahun 2014 "
                        "tentang Desa meliputi:", [b + ";" for b in bidang] or [KOSONG])),
        ]),
        Bab("BADAN KERJA SAMA ANTAR DESA", [
            _pasal(
                f"Untuk melaksanakan kerja sama antar desa, para kepala desa membentuk {nama_bkad}.",
                "BKAD beranggotakan wakil dari pemerintah desa, anggota BPD, lembaga kemasyarakatan desa, "
                "lembaga desa lainnya, dan tokoh masyarakat dengan memperhatikan keadilan gender.",
                "Susunan pengurus BKAD tercantum dalam Lampiran I yang merupakan bagian tidak terpisahkan dari "
                "Peraturan Bersama ini.",
            ),
            _pasal(Ayat("BKAD mempunyai tugas:", [
                "membantu kepala desa dalam merencanakan pelaksanaan kerja sama antar desa;",
                "mengelola, memantau, dan mengevaluasi pelaksanaan kerja sama antar desa;",
                "menjaga dan memelihara aset hasil kerja sama; dan",
                "melaporkan pelaksanaan kerja sama kepada kepala desa.",
            ])),
            _pasal(
                "BKAD bertanggung jawab kepada kepala desa para pihak.",
                periode_bkad,
            ),
        ]),
        Bab("TATA CARA DAN KETENTUAN PELAKSANAAN KERJA SAMA", [_pasal_teks(ks.tata_cara_pelaksanaan)]),
        Bab("JANGKA WAKTU", [
            _pasal(
                f"Kerja sama antar desa berlaku sejak tanggal {fmt.tanggal(ks.tanggal_mulai)} sampai dengan "
                f"tanggal {fmt.tanggal(ks.tanggal_selesai)}.",
                "Jangka waktu kerja sama dapat diperpanjang atas kesepakatan para pihak melalui Musyawarah Antar "
                "Desa dan dituangkan dalam Peraturan Bersama Kepala Desa.",
            ),
        ]),
        Bab("HAK DAN KEWAJIBAN", [_pasal_teks(ks.hak_kewajiban)]),
        Bab("PENDANAAN", [
            _pasal(
                *(_paragraf(ks.pendanaan_uraian) or [KOSONG]),
                f"Kontribusi masing-masing desa sebesar seluruhnya {fmt.rupiah(total)} tercantum dalam Lampiran II "
                "dan dianggarkan dalam APB Desa masing-masing sesuai kebutuhan desa dan kemampuan APB Desa.",
                "Aset hasil kerja sama menjadi milik bersama para pihak sebanding dengan kontribusi masing-masing, "
                "kecuali disepakati lain dalam Musyawarah Antar Desa.",
            ),
        ]),
        Bab("PELAPORAN, PEMANTAUAN DAN EVALUASI", [
            _pasal(
                "BKAD menyampaikan laporan pelaksanaan kerja sama secara berkala kepada kepala desa para pihak "
                "dengan tembusan kepada BPD dan Bupati melalui Camat.",
                "Kepala desa menyampaikan informasi pelaksanaan kerja sama kepada masyarakat desa melalui BPD.",
            ),
        ]),
        Bab("TATA CARA PERUBAHAN, PENUNDAAN, DAN PEMBATALAN", [
            _pasal_teks(ks.tata_cara_perubahan),
            _pasal(Ayat("Kerja sama antar desa berakhir apabila:", alasan_berakhir)),
        ]),
        Bab("PENYELESAIAN PERSELISIHAN", [_pasal_teks(ks.penyelesaian_perselisihan)]),
        Bab("KETENTUAN PENUTUP", [
            _pasal("Peraturan Bersama ini mulai berlaku pada tanggal diundangkan."),
            _pasal(
                "Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Bersama ini dengan "
                f"penempatannya dalam {fmt.daftar_dan(['Berita Desa ' + n for n in desa_nama])}."
            ),
        ]),
    ])

    tanggal_tetap = ph.tanggal_ditetapkan or ks.tanggal_penetapan
    per_desa = {}
    for k in kontribusi:
        kunci = k.peserta.desa.nama if k.peserta_id else "Lainnya"
        per_desa.setdefault(kunci, []).append(k)
    kontribusi_tabel = [
        {"desa": nama, "baris": baris, "jumlah": sum((b.nilai for b in baris), Decimal(0))}
        for nama, baris in per_desa.items()
    ]
    baris_peserta = [baris_pengesahan(p) for p in peserta]
    return {
        "ph": ph,
        "ks": ks,
        "judul_pdf": f"Peraturan Bersama Kepala Desa tentang {judul}",
        "tanggal_meta": _tanggal_iso(tanggal_tetap or ph.created_at),
        "kop": ks.kabupaten.nama.upper(),
        "judul_kades": kades_judul,
        "tentang": judul.upper(),
        "peserta": baris_peserta,
        # The signature grid: two blocks per row, in the order of the title (DOMAIN.md §D1 item 13).
        "peserta_baris": [baris_peserta[i:i + 2] for i in range(0, len(baris_peserta), 2)],
        "pejabat": kades_judul + ",",
        "menimbang": menimbang,
        "mengingat": [d + ";" for d in DASAR_HUKUM[:-1]] + [DASAR_HUKUM[-1] + ";"],
        "memperhatikan": memperhatikan,
        "menetapkan": f"PERATURAN BERSAMA {fmt.daftar_dan(kades, 'DAN')} TENTANG {judul.upper()}.",
        "bab": bab,
        "ditetapkan_di": ks.tempat_penetapan or KOSONG,
        "ditetapkan_tanggal": fmt.tanggal(tanggal_tetap),
        "bkad": bkad,
        "anggota_bkad": anggota,
        "kontribusi_tabel": kontribusi_tabel,
        "kontribusi_total": total,
        "jadwal": _jadwal(ks, tanggal_tetap, kontribusi),
        "verifikasi": _verifikasi(ph),
    }


def _jadwal(ks, tanggal_tetap, kontribusi) -> list[dict]:
    """Lampiran III: the steps with their dates and, per budget year, the contributions to be budgeted."""
    baris = [
        {"kegiatan": "Penetapan Peraturan Bersama", "waktu": fmt.tanggal(tanggal_tetap), "nilai": None},
        {"kegiatan": "Pengundangan dalam Berita Desa masing-masing desa", "waktu": "setelah penetapan", "nilai": None},
    ]
    tahun = {}
    for k in kontribusi:
        tahun[k.tahun_anggaran] = tahun.get(k.tahun_anggaran, Decimal(0)) + k.nilai
    if ks.tanggal_mulai and ks.tanggal_selesai:
        for t in range(ks.tanggal_mulai.year, ks.tanggal_selesai.year + 1):
            tahun.setdefault(t, Decimal(0))
    for t in sorted(tahun):
        baris.append({"kegiatan": f"Pelaksanaan kerja sama dan penganggaran dalam APB Desa tahun {t}",
                      "waktu": f"Tahun Anggaran {t}", "nilai": tahun[t]})
    baris.append({"kegiatan": "Laporan BKAD kepada kepala desa, tembusan BPD dan Bupati melalui Camat",
                  "waktu": "berkala selama kerja sama", "nilai": None})
    baris.append({"kegiatan": "Berakhirnya jangka waktu kerja sama", "waktu": fmt.tanggal(ks.tanggal_selesai),
                  "nilai": None})
    return baris


# -- D3 Perjanjian Bersama (desa ↔ pihak ketiga) -------------------------------------------------------

def konteks_perjanjian_bersama(ph) -> dict:
    ks = ph.kerja_sama
    peserta = _peserta(ks)
    desa_p = next((p for p in peserta if p.peran == PeranPeserta.PEMRAKARSA), peserta[0])
    pk = ks.pihak_ketiga
    desa = desa_p.desa
    tanggal_tetap = ph.tanggal_ditetapkan or ks.tanggal_penetapan
    if pk is not None and ks.pihak_ketiga_penanda_tangan:
        # PIHAK KEDUA is whoever signed for the third party (recorded with its signature), not necessarily the
        # registered person in charge: an unsaved copy carries the signer into the template.
        pk = copy.copy(pk)
        pk.penanggung_jawab_nama = ks.pihak_ketiga_penanda_tangan
        pk.penanggung_jawab_jabatan = ks.pihak_ketiga_jabatan or pk.penanggung_jawab_jabatan
    pembuka = (
        f"Pada hari ini, {fmt.tanggal_terbilang(tanggal_tetap)}, bertempat di {ks.tempat_penetapan or KOSONG}, "
        "yang bertanda tangan di bawah ini:" if tanggal_tetap else
        f"Pada hari ini, {KOSONG} tanggal {KOSONG} bulan {KOSONG} tahun {KOSONG}, bertempat di "
        f"{ks.tempat_penetapan or KOSONG}, yang bertanda tangan di bawah ini:"
    )
    bidang = _nama_bidang(ks.bidang)
    pasal = [
        ("DASAR HUKUM", _pasal(Ayat("Perjanjian ini dibuat berdasarkan:", [d + ";" for d in DASAR_HUKUM], gaya="angka"))),
        ("MAKSUD DAN TUJUAN", _pasal_teks(ks.maksud_tujuan, f"Perjanjian ini dimaksudkan untuk {ks.judul.lower()}.")),
        ("RUANG LINGKUP", _pasal_teks(ks.ruang_lingkup)),
        ("BIDANG", _pasal(Ayat("Bidang kerja sama meliputi:", [b + ";" for b in bidang] or [KOSONG]))),
        ("TATA CARA PELAKSANAAN", _pasal_teks(ks.tata_cara_pelaksanaan)),
        ("JANGKA WAKTU", _pasal(
            f"Perjanjian ini berlaku sejak tanggal {fmt.tanggal(ks.tanggal_mulai)} sampai dengan tanggal "
            f"{fmt.tanggal(ks.tanggal_selesai)}.",
            "Jangka waktu dapat diperpanjang atas kesepakatan PARA PIHAK yang dituangkan secara tertulis.",
        )),
        ("HAK DAN KEWAJIBAN", _pasal_teks(ks.hak_kewajiban)),
        ("PENDANAAN", _pasal_teks(ks.pendanaan_uraian)),
        ("PELAPORAN", _pasal(
            "PIHAK KESATU melaporkan pelaksanaan perjanjian kepada BPD dengan tembusan kepada Bupati melalui Camat.",
        )),
        ("PERUBAHAN, PENUNDAAN, DAN PEMBATALAN", _pasal_teks(ks.tata_cara_perubahan)),
        ("KEADAAN KAHAR", _pasal(
            "Keadaan kahar adalah keadaan di luar kemampuan PARA PIHAK, antara lain bencana alam, wabah, dan "
            "kerusuhan, yang menghalangi pelaksanaan perjanjian.",
            "Pihak yang mengalami keadaan kahar memberitahukannya secara tertulis kepada pihak lainnya paling "
            "lambat 14 (empat belas) hari sejak terjadinya keadaan kahar.",
        )),
        ("PENYELESAIAN PERSELISIHAN", _pasal_teks(ks.penyelesaian_perselisihan)),
        ("PENUTUP", _pasal(
            "Perjanjian ini dibuat dalam rangkap 2 (dua), masing-masing bermeterai cukup dan mempunyai kekuatan "
            "hukum yang sama.",
            "Perjanjian ini mulai berlaku pada tanggal ditandatangani.",
        )),
    ]
    for i, (judul_pasal, p) in enumerate(pasal, start=1):
        p.nomor, p.judul = i, judul_pasal
    kontribusi = list(ks.kontribusi.select_related("peserta__desa").order_by("id"))
    return {
        "ph": ph,
        "ks": ks,
        "judul_pdf": f"Perjanjian Kerja Sama Desa {desa.nama} dengan {pk.nama if pk else KOSONG}",
        "tanggal_meta": _tanggal_iso(tanggal_tetap or ph.created_at),
        "desa": desa,
        "pihak_ketiga": pk,
        "nomor_desa": f"{desa_p.nomor_lengkap}/{desa.nama}/{desa_p.tahun_peraturan or KOSONG}",
        "nomor_pihak_ketiga": ks.pihak_ketiga_nomor or KOSONG,  # the third party's own number, once it signed
        "pembuka": pembuka,
        "kepala_desa": desa_p.kepala_desa_nama,
        "pasal": [p for _, p in pasal],
        "kontribusi": kontribusi,
        "kontribusi_total": sum((k.nilai for k in kontribusi), Decimal(0)),
        "ditetapkan_di": ks.tempat_penetapan or KOSONG,
        "ditetapkan_tanggal": fmt.tanggal(tanggal_tetap),
        "camat": desa.kecamatan.nama,
        "verifikasi": _verifikasi(ph),
    }


# -- D4 Surat Penawaran --------------------------------------------------------------------------------

def _surat_isi(surat) -> dict:
    """The offer as sent (the letter's JSON copy), falling back to the agreement for missing items."""
    ks = surat.kerja_sama
    isi = dict(surat.isi or {})

    def ambil(kunci):
        nilai = isi.get(kunci)
        return nilai if nilai not in (None, "", []) else getattr(ks, kunci)

    def tgl(nilai):
        return dt.date.fromisoformat(nilai) if isinstance(nilai, str) and nilai else nilai

    return {
        "judul": ambil("judul"),
        "butir": [
            ("Bidang dan/atau potensi desa", fmt.daftar_dan(_nama_bidang(ambil("bidang") or []))),
            ("Ruang lingkup", ambil("ruang_lingkup")),
            ("Tata cara dan ketentuan pelaksanaan", ambil("tata_cara_pelaksanaan")),
            ("Jangka waktu", f"{fmt.tanggal(tgl(ambil('tanggal_mulai')))} sampai dengan "
                             f"{fmt.tanggal(tgl(ambil('tanggal_selesai')))}"),
            ("Hak dan kewajiban", ambil("hak_kewajiban")),
            ("Pendanaan", ambil("pendanaan_uraian")),
            ("Tata cara perubahan, penundaan, dan pembatalan", ambil("tata_cara_perubahan")),
            ("Penyelesaian perselisihan", ambil("penyelesaian_perselisihan")),
        ],
    }


def _alamat_surat(surat) -> dict:
    """Who the letter is addressed to: the kepala desa of a partner desa (§C1), or the person in charge of a
    third party (§C2, prakarsa desa) with its address. ``baris`` are the lines after "Kepada Yth."."""
    pk = surat.kepada_pihak_ketiga
    if pk is not None:
        jabatan = pk.penanggung_jawab_jabatan.strip()
        baris = [f"{jabatan} {pk.nama}" if jabatan else pk.nama]
        if pk.penanggung_jawab_nama.strip():
            baris.append(f"u.p. {pk.penanggung_jawab_nama.strip()}")
        alamat = _paragraf(pk.alamat)
        return {
            "pihak_ketiga": True,
            "nama": pk.nama,
            "baris": baris,
            "di": alamat or [KOSONG],
            "perihal": "Penawaran Kerja Sama Desa dengan Pihak Ketiga",
            "jenis": "kerja sama desa dengan pihak ketiga",
            "dasar": "Pasal 14 Peraturan Menteri Dalam Negeri Nomor 96 Tahun 2017 tentang Tata Cara Kerja Sama Desa "
                     "di Bidang Pemerintahan Desa",
            "penutup": f"Kami mengharapkan jawaban tertulis dari {pk.nama} atas penawaran ini.",
        }
    desa = surat.kepada.desa
    return {
        "pihak_ketiga": False,
        "nama": f"Desa {desa.nama}",
        "baris": [f"Kepala Desa {desa.nama}"],
        "di": [desa.nama],
        "perihal": "Penawaran Kerja Sama Antar Desa",
        "jenis": "kerja sama antar desa",
        "dasar": "Pasal 13 ayat (3) Peraturan Menteri Dalam Negeri Nomor 96 Tahun 2017 tentang Tata Cara Kerja Sama "
                 "Desa di Bidang Pemerintahan Desa",
        "penutup": f"Kami mengharapkan jawaban tertulis atas penawaran ini setelah Desa {desa.nama} membahasnya "
                   "dalam Musyawarah Desa.",
    }


def _konteks_surat(surat) -> dict:
    ks = surat.kerja_sama
    dari = ks.desa_pemrakarsa
    pemrakarsa = ks.peserta.filter(peran=PeranPeserta.PEMRAKARSA).first()
    isi = _surat_isi(surat)
    alamat = _alamat_surat(surat)
    return {
        "surat": surat,
        "kop_kabupaten": f"PEMERINTAH {ks.kabupaten.nama.upper()}",
        "kop_kecamatan": f"KECAMATAN {dari.kecamatan.nama.upper()}",
        "kop_desa": f"KEPALA DESA {dari.nama.upper()}",
        "dari": dari,
        "kepada": alamat,
        "tanggal": fmt.tanggal(surat.tanggal),
        # Answer deadline (DOMAIN.md §C1 timeout), as the letter states it.
        "batas_jawab": fmt.tanggal(surat.batas_jawab) if surat.batas_jawab else "",
        "judul": isi["judul"],
        "butir": [(label, _paragraf(str(teks or "")) or [KOSONG]) for label, teks in isi["butir"]],
        "kepala_desa": pemrakarsa.kepala_desa_nama if pemrakarsa else "",
    }


def render_surat_penawaran(surat, *, produk_hukum=None, ukuran: str = "A4") -> bytes:
    """One offer letter (§D4). With ``produk_hukum`` the letter carries its verification QR code."""
    ks = surat.kerja_sama
    return render_pdf("kerjasama/dokumen/surat_penawaran.html", {
        "surat_list": [_konteks_surat(surat)],
        "judul_pdf": f"Surat Penawaran Kerja Sama {surat.nomor}",
        "tanggal_meta": _tanggal_iso(surat.tanggal),
        "ks": ks,
        "verifikasi": _verifikasi(produk_hukum),
    }, ukuran=ukuran)


# -- D5 Berita Acara MAD ---------------------------------------------------------------------------------

def _unsur(nilai) -> str:
    if isinstance(nilai, dict):
        return "; ".join(f"{k}: {v}" for k, v in nilai.items())
    if isinstance(nilai, (list, tuple)):
        return ", ".join(str(v) for v in nilai)
    return str(nilai) if nilai not in (None, "") else KOSONG


def _konteks_berita_acara(m) -> dict:
    ks = m.kerja_sama
    desa = list(m.desa.select_related("kecamatan").order_by("kode"))
    unsur = m.peserta_unsur or {}
    kades = {}
    if ks is not None:
        kades = {p.desa_id: p.kepala_desa_nama for p in ks.peserta.all()}
    agenda = [dict(AgendaMAD.choices).get(a, a) for a in m.agenda]
    return {
        "m": m,
        "ks": ks,
        "tentang": (ks.judul if ks else m.agenda_uraian or m.get_jenis_display()),
        "pembuka": f"Pada hari ini {fmt.hari(m.tanggal)} tanggal {fmt.tanggal(m.tanggal)} bertempat di {m.tempat} "
                   f"telah diselenggarakan {m.get_jenis_display()} yang diselenggarakan oleh {m.penyelenggara} "
                   "dan dihadiri oleh:",
        "hadir": [
            {"desa": d, "unsur": _unsur(unsur.get(d.kode, unsur.get(d.nama))), "kepala_desa": kades.get(d.pk, "")}
            for d in desa
        ],
        "agenda": agenda,
        "agenda_uraian": _paragraf(m.agenda_uraian),
        "keputusan": _paragraf(m.keputusan_ringkas) or [KOSONG],
        "tanggal": fmt.tanggal(m.tanggal),
    }


def render_berita_acara(musyawarah, *, produk_hukum=None, ukuran: str = "A4") -> bytes:
    """The record of a Musyawarah Antar Desa (§D5); with ``produk_hukum`` it carries its verification QR."""
    return render_pdf("kerjasama/dokumen/berita_acara.html", {
        **_konteks_berita_acara(musyawarah),
        "judul_pdf": f"Berita Acara {musyawarah.get_jenis_display()} {fmt.tanggal(musyawarah.tanggal)}",
        "tanggal_meta": _tanggal_iso(musyawarah.tanggal),
        "verifikasi": _verifikasi(produk_hukum),
    }, ukuran=ukuran)


# -- dispatch ----------------------------------------------------------------------------------------

def render_produk_hukum(ph) -> bytes:
    """The PDF of a legal document, chosen by its kind, on its paper size (A4/F4)."""
    ukuran = ph.ukuran_kertas or "A4"
    if ph.kerja_sama_id is None:
        raise ValueError(f"Produk hukum {ph.pk} tidak terkait kerja sama; tidak ada templat untuknya.")
    ks = ph.kerja_sama
    if ph.mengubah_id is not None:
        from .dokumen_perubahan import render_perubahan  # the amending document (§C6 "mengubah")

        return render_perubahan(ph)
    if ph.jenis == JenisProdukHukum.PERATURAN_BERSAMA_KADES:
        if ks.jenis != JenisKerjaSama.ANTAR_DESA:
            raise ValueError("Peraturan Bersama Kepala Desa hanya untuk kerja sama antar desa.")
        return render_pdf("kerjasama/dokumen/peraturan_bersama.html", konteks_peraturan_bersama(ph), ukuran=ukuran)
    if ph.jenis == JenisProdukHukum.PERJANJIAN_BERSAMA:
        return render_pdf("kerjasama/dokumen/perjanjian_bersama.html", konteks_perjanjian_bersama(ph), ukuran=ukuran)
    if ph.jenis == JenisProdukHukum.SURAT_PENAWARAN:
        # A letter's own document (SuratPenawaran.dokumen, made by services.penawaran_kirim): that one letter.
        sendiri = ks.surat_penawaran.select_related("kepada__desa", "kepada_pihak_ketiga").filter(dokumen=ph).first()
        if sendiri is not None:
            return render_surat_penawaran(sendiri, produk_hukum=ph, ukuran=ukuran)
        surat = list(ks.surat_penawaran.select_related("kepada__desa", "kepada_pihak_ketiga").order_by("id"))
        if not surat:
            raise ValueError("Kerja sama ini belum memiliki surat penawaran.")
        return render_pdf("kerjasama/dokumen/surat_penawaran.html", {
            "surat_list": [_konteks_surat(s) for s in surat],
            "judul_pdf": f"Surat Penawaran Kerja Sama — {ks.judul}",
            "tanggal_meta": _tanggal_iso(surat[0].tanggal),
            "ks": ks,
            "verifikasi": _verifikasi(ph),
        }, ukuran=ukuran)
    if ph.jenis == JenisProdukHukum.BERITA_ACARA_MAD:
        # The minutes of the MAD this document belongs to (Musyawarah.dokumen), else the agreement's latest MAD.
        mad = ks.musyawarah.filter(dokumen=ph).first() or _mad(ks)
        if mad is None:
            raise ValueError("Kerja sama ini belum memiliki Musyawarah Antar Desa.")
        return render_berita_acara(mad, produk_hukum=ph, ukuran=ukuran)
    raise ValueError(f"Tidak ada templat untuk {ph.get_jenis_display()}.")
