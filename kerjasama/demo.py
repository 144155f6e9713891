"""Demo of kerja sama antar desa (issue 3 item 9): one agreement in every state of §C1.

Klapasawit and two neighbouring desa of Kec. Kalimanah, Kalimanah Kulon and Selabaya, plan a joint bamboo
craft business (anyaman bambu, Klapasawit's leading product). Each agreement below stops in one state of
the lifecycle, so a newcomer can open them side by side and see the whole flow: the draft, the Musdes of
each desa with its berita acara, the offer letters and answers, the BKAD, the district's verification, the
MAD, the signatures with each desa's own number, the Berita Desa, reports, a change, a suspension, a
dispute, the end and the closing.

Every agreement is built by CALLING THE SERVICES in the order of the law, never by writing a status, so
the timeline, the evidence, the notifications and the generated Peraturan Bersama are the real ones. The
people, their names and the numbers are invented for the demo; the desa and their codes are real.

Idempotent: agreements are keyed by their title; one that exists is left as it is (even if someone has
moved it on since), so a second run creates nothing. Each service call commits on its own and runs its
after-commit work at once (notifications, the PDF task), as in production; if a service refuses, the
refusal is reported with the state where that agreement stopped, and the other agreements are built.

Registered with ``desa.demo`` (``daftarkan_pemuat``) from ``kerjasama/apps.py``, so
``python manage.py muat_demo`` loads it after the regions and users (desa never imports kerja sama).
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from desa.demo import KLAPASAWIT, Ringkasan, daftarkan_pemuat, muat_pengguna
from desa.models import Desa

from . import services
from .choices import (
    AgendaMAD,
    AlasanBerakhir,
    Bidang,
    BentukKontribusi,
    HasilMusyawarah,
    JabatanBKAD,
    JawabanPenawaran,
    JenisKelamin,
    JenisMusyawarah,
    JenisPerubahan,
    JenisProdukHukum,
    StatusKerjaSama as S,
    SumberDana,
    UnsurBKAD,
)
from .models import KerjaSamaDesa

KALIMANAH_KULON = "33.03.06.2006"
SELABAYA = "33.03.06.2014"
DESA_KAD = [KLAPASAWIT, KALIMANAH_KULON, SELABAYA]

# The partner desa's people (Klapasawit's operator and kepala desa, the camat and the Dinas PMD are desa's).
PENGGUNA_KERJASAMA = {
    "operator_kalimanahkulon": ("operator_desa", KALIMANAH_KULON, "Operator", "Kalimanah Kulon"),
    "kades_kalimanahkulon": ("kepala_desa", KALIMANAH_KULON, "Kepala Desa", "Kalimanah Kulon"),
    "operator_selabaya": ("operator_desa", SELABAYA, "Operator", "Selabaya"),
    "kades_selabaya": ("kepala_desa", SELABAYA, "Kepala Desa", "Selabaya"),
}
OPERATOR = {KLAPASAWIT: "operator_klapasawit", KALIMANAH_KULON: "operator_kalimanahkulon", SELABAYA: "operator_selabaya"}
KADES = {KLAPASAWIT: "kades_klapasawit", KALIMANAH_KULON: "kades_kalimanahkulon", SELABAYA: "kades_selabaya"}
PMD = "pmd_purbalingga"

# Invented office holders (names as signed, without titles), per desa: kepala desa, sekretaris desa, ketua BPD.
PEJABAT = {
    KLAPASAWIT: ("Sutrisno", "Nur Hidayah", "Darsono"),
    KALIMANAH_KULON: ("Wahyu Setiawan", "Endang Lestari", "Mukhlisin"),
    SELABAYA: ("Siti Rohmah", "Agus Priyanto", "Sugeng Riyadi"),
}

JUDUL = "Usaha Bersama Kerajinan Anyaman Bambu"

# One agreement per state of §C1: state → the part of the bamboo business it is about.
TAHAP: dict[str, str] = {
    S.DRAFT: "Rintisan Sentra Anyaman Bambu",
    S.PERSIAPAN: "Penyediaan Bahan Baku Bambu Bersama",
    S.DISETUJUI_MUSDES: "Pelatihan Perajin Muda",
    S.SIAP_DITAWARKAN: "Desain dan Standar Mutu Produk",
    S.PENAWARAN: "Pengeringan dan Pengawetan Bambu",
    S.PENYUSUNAN_RANCANGAN: "Pemasaran Daring Bersama",
    S.DIAJUKAN: "Galeri Produk Bersama",
    S.DIVERIFIKASI: "Pengadaan Alat Produksi Bersama",
    S.RANCANGAN_DISEPAKATI: "Sertifikasi dan Merek Bersama",
    S.DITANDATANGANI: "Pameran dan Promosi Bersama",
    S.BERLAKU: "Pemasaran Ekspor Bersama",
    S.PERUBAHAN_DIPROSES: "Gudang Bahan Baku Bersama",
    S.DITANGGUHKAN: "Kebun Bambu Bersama",
    S.DALAM_PERSELISIHAN: "Pengolahan Limbah Bambu",
    S.BERAKHIR: "Festival Bambu Kalimanah 2026",
    S.SELESAI: "Pelatihan Anyaman Tahap I",
    S.BATAL: "Wisata Edukasi Bambu",
}


def judul_untuk(status: str) -> str:
    return f"{JUDUL}: {TAHAP[status]}"


# -- a small valid PDF, made by hand --------------------------------------------------------------

def _teks_pdf(s: str) -> str:
    s = s.replace("—", "-").replace("–", "-").encode("latin-1", "replace").decode("latin-1")
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_sederhana(judul: str, baris: list[str]) -> bytes:
    """A one-page A4 PDF 1.4 with a bold title and lines of text (Helvetica, WinAnsi), built byte by byte:
    readable by pypdf, so it passes the upload checks of ``inti.berkas`` like a real scanned berita acara."""
    isi = ["BT", "/F2 13 Tf", "56 780 Td", f"({_teks_pdf(judul)}) Tj", "/F1 10 Tf", "0 -26 Td", "14 TL"]
    for b in baris:
        isi.append(f"({_teks_pdf(b)}) '")
    isi.append("ET")
    aliran = zlib.compress("\n".join(isi).encode("latin-1"))
    objek = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> "
        b"/Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(aliran) + aliran + b"\nendstream",
    ]
    keluar = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    posisi = []
    for i, o in enumerate(objek, start=1):
        posisi.append(len(keluar))
        keluar += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(keluar)
    keluar += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objek) + 1)
    for p in posisi:
        keluar += b"%010d 00000 n \n" % p
    keluar += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objek) + 1, xref)
    return bytes(keluar)


def _berkas(nama: str, judul: str, baris: list[str]) -> ContentFile:
    return ContentFile(pdf_sederhana(judul, baris), name=nama)


def _tgl(d: dt.date) -> str:
    bulan = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]
    return f"{d.day} {bulan[d.month - 1]} {d.year}"


# -- the content of the agreements ----------------------------------------------------------------

def isi_kerja_sama(topik: str) -> dict:
    """The eight mandatory items (PP 43/2014 Pasal 143 ayat (4)) plus purpose, dates and place."""
    return {
        "bidang": [Bidang.USAHA_BERSAMA, Bidang.KEMASYARAKATAN],
        "maksud_tujuan": (
            "Kerja sama dimaksudkan untuk mengembangkan kerajinan anyaman bambu sebagai usaha bersama yang dimiliki "
            f"oleh Desa Klapasawit, Desa Kalimanah Kulon, dan Desa Selabaya, khususnya {topik.lower()}, dengan "
            "tujuan meningkatkan pendapatan perajin, membuka lapangan kerja bagi pemuda dan perempuan, serta "
            "menambah pendapatan asli desa."
        ),
        "ruang_lingkup": (
            f"Ruang lingkup kerja sama meliputi {topik.lower()}; penyediaan bahan baku bambu dari kebun warga "
            "ketiga desa; pelatihan dan pendampingan perajin; pengendalian mutu produk anyaman (besek, tampah, "
            "kap lampu, keranjang hias); serta pemasaran bersama di dalam negeri dan ekspor ke Belgia dan Kanada."
        ),
        "tata_cara_pelaksanaan": (
            "Kerja sama dilaksanakan oleh Badan Kerja Sama Antar-Desa (BKAD) berdasarkan rencana kerja tahunan "
            "yang disepakati para kepala desa paling lambat bulan Januari setiap tahun. BKAD mengelola rumah "
            "produksi bersama di Desa Klapasawit, mencatat setiap transaksi dalam pembukuan terpisah, dan "
            "menyampaikan laporan pelaksanaan setiap triwulan kepada para kepala desa dengan tembusan kepada BPD "
            "dan Bupati Purbalingga melalui Camat Kalimanah."
        ),
        "tanggal_mulai": dt.date(2026, 9, 1),
        "tanggal_selesai": dt.date(2029, 8, 31),
        "hak_kewajiban": (
            "Setiap desa berhak atas bagi hasil usaha sebanding dengan kontribusinya, memperoleh laporan "
            "pelaksanaan, dan menempatkan wakilnya dalam BKAD. Setiap desa wajib menyetor kontribusi yang "
            "dianggarkan dalam APB Desa, menyediakan perajin dan bahan baku dari wilayahnya, serta menjaga aset "
            "bersama. Desa Klapasawit sebagai pemrakarsa menyediakan tempat rumah produksi."
        ),
        "pendanaan_uraian": (
            "Kerja sama dibiayai dari APB Desa masing-masing desa sesuai kemampuan keuangan desa (Permendagri "
            "96/2017 Pasal 7), swadaya masyarakat berupa tenaga, dan sumber lain yang sah dan tidak mengikat. "
            "Hasil usaha setelah dikurangi biaya operasional dibagi kepada desa sebanding dengan kontribusinya; "
            "aset hasil kerja sama dicatat sebagai milik bersama para desa."
        ),
        "tempat_penetapan": "Klapasawit",
    }


KONTRIBUSI = [  # (desa, sumber, tahun, nilai, bentuk, keterangan)
    (KLAPASAWIT, SumberDana.APB_DESA, 2027, "75000000", BentukKontribusi.UANG, "Penyertaan APB Desa Klapasawit 2027"),
    (KLAPASAWIT, SumberDana.APB_DESA, 2027, "150000000", BentukKontribusi.ASET,
     "Bangunan rumah produksi di tanah kas desa"),
    (KALIMANAH_KULON, SumberDana.DANA_DESA, 2027, "50000000", BentukKontribusi.UANG, "Dana Desa 2027, bidang ekonomi"),
    (SELABAYA, SumberDana.APB_DESA, 2027, "50000000", BentukKontribusi.UANG, "Penyertaan APB Desa Selabaya 2027"),
    (SELABAYA, SumberDana.SWADAYA, 2027, "12500000", BentukKontribusi.TENAGA, "Gotong royong warga membangun gudang"),
]

BKAD_ANGGOTA = [  # (nama, desa, unsur, jabatan, jenis kelamin) — invented names
    ("Rusmiyati", KLAPASAWIT, UnsurBKAD.LEMBAGA_KEMASYARAKATAN, JabatanBKAD.KETUA, JenisKelamin.P),
    ("Bambang Hermawan", KALIMANAH_KULON, UnsurBKAD.PEMERINTAH_DESA, JabatanBKAD.WAKIL_KETUA, JenisKelamin.L),
    ("Tri Wahyuni", SELABAYA, UnsurBKAD.ANGGOTA_BPD, JabatanBKAD.SEKRETARIS, JenisKelamin.P),
    ("Slamet Riyanto", KLAPASAWIT, UnsurBKAD.PEMERINTAH_DESA, JabatanBKAD.BENDAHARA, JenisKelamin.L),
    ("Kasno", KLAPASAWIT, UnsurBKAD.TOKOH_MASYARAKAT, JabatanBKAD.KETUA_BIDANG, JenisKelamin.L),
    ("Sri Mulyani", KALIMANAH_KULON, UnsurBKAD.LEMBAGA_KEMASYARAKATAN, JabatanBKAD.ANGGOTA, JenisKelamin.P),
    ("Ahmad Fauzi", SELABAYA, UnsurBKAD.LEMBAGA_DESA_LAINNYA, JabatanBKAD.ANGGOTA, JenisKelamin.L),
]

# The dates of the walk (before 23 November 2026, when this demo was written).
T_MUSDES = dt.date(2026, 3, 12)
T_PENAWARAN = dt.date(2026, 4, 6)
T_MUSDES_MITRA = {KALIMANAH_KULON: dt.date(2026, 4, 20), SELABAYA: dt.date(2026, 4, 23)}
# The offer left open (state PENAWARAN) is dated relative to the day the demo is loaded, so that its deadline
# (BATAS_JAWAB) lies ahead and the partner who has not answered yet can still answer it.
HARI_PENAWARAN_TERBUKA = 10  # the letter, this many days before loading
BATAS_PENAWARAN_TERBUKA = 30  # its deadline, this many days after loading


def tanggal_penawaran(sampai: str, hari_ini: dt.date | None = None) -> tuple[dt.date, dt.date | None, dict]:
    """(letter date, answer deadline or None for the default, partner Musdes dates) of the walk to ``sampai``."""
    if sampai != S.PENAWARAN:
        return T_PENAWARAN, None, T_MUSDES_MITRA
    hari_ini = hari_ini or timezone.localdate()
    surat = hari_ini - dt.timedelta(days=HARI_PENAWARAN_TERBUKA)
    return (surat, hari_ini + dt.timedelta(days=BATAS_PENAWARAN_TERBUKA),
            {KALIMANAH_KULON: surat + dt.timedelta(days=2), SELABAYA: surat + dt.timedelta(days=3)})
T_MAD = dt.date(2026, 7, 15)
T_TTD = dt.date(2026, 8, 3)
T_UNDANGKAN = dt.date(2026, 8, 10)
T_LAPORAN = dt.date(2026, 10, 5)
# The musyawarah of all parties deciding a change or an ending is held for it, after the change was proposed
# (R13): the demo proposes on the day it is loaded, so that musyawarah (and the amendment's signatures,
# after it — R12) is dated that day.


def tanggal_musyawarah_para_pihak() -> dt.date:
    return timezone.localdate()


def nomor_berita_desa(desa: Desa, tahun: int) -> str:
    """The next free number of the desa's Berita Desa of ``tahun`` (one number, one document: R12), after
    every number its documents already hold (first Peraturan Bersama and amendments); from 7 in the demo."""
    from .models import KerjaSamaPeserta, PenandatanganDokumen

    dipakai = [
        int(n) for model in (KerjaSamaPeserta, PenandatanganDokumen)
        for n in model.objects.filter(desa=desa, berita_desa_tahun=tahun).values_list("berita_desa_nomor", flat=True)
        if n.strip().isdigit()
    ]
    return str(max([6, *dipakai]) + 1)


@dataclass
class Konteks:
    desa: dict[str, Desa]
    user: dict[str, object]
    peringatan: list[str]

    def op(self, kode: str):
        return self.user[OPERATOR[kode]]

    def kades(self, kode: str):
        return self.user[KADES[kode]]

    @property
    def pmd(self):
        return self.user[PMD]


def _musdes_data(kode: str, nama: str, tanggal: dt.date, hasil: str, topik: str) -> dict:
    sepakat = hasil == HasilMusyawarah.SEPAKAT
    return {
        "tanggal": tanggal,
        "tempat": f"Balai Desa {nama}",
        "agenda_uraian": f"Pembahasan rencana kerja sama antar desa: {topik}.",
        "jumlah_hadir": 34,
        "jumlah_perempuan": 11,
        "peserta_unsur": {nama: {"BPD": 7, "Pemerintah Desa": 6, "Lembaga kemasyarakatan": 9, "Tokoh masyarakat": 12}},
        "pimpinan": f"{PEJABAT[kode][2]} (Ketua BPD {nama})",
        "notulis": PEJABAT[kode][1],
        "hasil": hasil,
        "keputusan_ringkas": (
            f"Musyawarah Desa {nama} menyepakati rencana kerja sama {topik.lower()} dengan desa tetangga di "
            "Kecamatan Kalimanah dan meminta kepala desa menindaklanjutinya."
            if sepakat else
            f"Musyawarah Desa {nama} belum menyepakati rencana {topik.lower()}: lahan yang diusulkan masih "
            "dipakai untuk sawah warga; rencana diminta dikaji ulang."
        ),
    }


def _ba_musdes(nama: str, data: dict) -> ContentFile:
    return _berkas(
        f"ba-musdes-{nama.lower().replace(' ', '-')}-{data['tanggal']:%Y%m%d}.pdf",
        f"BERITA ACARA MUSYAWARAH DESA {nama.upper()}",
        [
            f"Pada hari ini, {_tgl(data['tanggal'])}, bertempat di {data['tempat']},",
            "telah diselenggarakan Musyawarah Desa oleh Badan Permusyawaratan Desa.",
            f"Agenda: {data['agenda_uraian']}",
            f"Jumlah hadir: {data['jumlah_hadir']} orang, di antaranya {data['jumlah_perempuan']} perempuan.",
            f"Pimpinan musyawarah: {data['pimpinan']}; notulis: {data['notulis']}.",
            "",
            "KEPUTUSAN:",
            data["keputusan_ringkas"][:110],
            data["keputusan_ringkas"][110:220],
            "",
            "Dokumen contoh untuk data demo Simpul Desa.",
        ],
    )


def _musdes(c: Konteks, ks, kode: str, tanggal: dt.date, topik: str, hasil: str = HasilMusyawarah.SEPAKAT):
    nama = c.desa[kode].nama
    data = _musdes_data(kode, nama, tanggal, hasil, topik)
    return services.musdes_catat(kerja_sama=ks, desa=c.desa[kode], oleh=c.op(kode), data=data,
                                 berita_acara=_ba_musdes(nama, data))


def _mad_data(tanggal: dt.date, keputusan: str, agenda: list[str]) -> dict:
    return {
        "tanggal": tanggal,
        "tempat": "Pendapa Kecamatan Kalimanah",
        "agenda": agenda,
        "agenda_uraian": "Pembahasan dan kesepakatan rancangan Peraturan Bersama Kepala Desa serta susunan BKAD.",
        "jumlah_hadir": 42,
        "jumlah_perempuan": 14,
        "peserta_unsur": {
            "Klapasawit": {"Kepala desa dan perangkat": 4, "BPD": 4, "Unsur masyarakat": 7},
            "Kalimanah Kulon": {"Kepala desa dan perangkat": 4, "BPD": 4, "Unsur masyarakat": 6},
            "Selabaya": {"Kepala desa dan perangkat": 4, "BPD": 3, "Unsur masyarakat": 6},
        },
        "pimpinan": f"{PEJABAT[KLAPASAWIT][0]} (Kepala Desa Klapasawit)",
        "notulis": PEJABAT[KLAPASAWIT][1],
        "hasil": HasilMusyawarah.SEPAKAT,
        "keputusan_ringkas": keputusan,
    }


def _ba_mad(judul: str, data: dict) -> ContentFile:
    return _berkas(
        f"ba-mad-{data['tanggal']:%Y%m%d}.pdf",
        "BERITA ACARA MUSYAWARAH ANTAR DESA",
        [
            f"tentang {judul}",
            "",
            f"Pada hari ini, {_tgl(data['tanggal'])}, bertempat di {data['tempat']}, telah diselenggarakan",
            "Musyawarah Antar Desa yang dihadiri Desa Klapasawit, Desa Kalimanah Kulon, dan Desa Selabaya",
            f"({data['jumlah_hadir']} orang, {data['jumlah_perempuan']} di antaranya perempuan): kepala desa, BPD,",
            "dan unsur masyarakat setiap desa.",
            f"Pimpinan sidang: {data['pimpinan']}; notulis: {data['notulis']}.",
            "",
            "KEPUTUSAN:",
            data["keputusan_ringkas"][:110],
            data["keputusan_ringkas"][110:220],
            "",
            "Dokumen contoh untuk data demo Simpul Desa.",
        ],
    )


def _musyawarah_para_pihak(c: Konteks, ks, keputusan: str):
    """A MAD of all bound parties (R13), for a change, a suspension or an ending."""
    data = _mad_data(tanggal_musyawarah_para_pihak(), keputusan, [AgendaMAD.LAINNYA])
    return services.musyawarah_buat(
        jenis=JenisMusyawarah.MAD, kabupaten=ks.kabupaten, desa=[c.desa[k] for k in DESA_KAD], oleh=c.pmd,
        kerja_sama=ks, data={**data, "penyelenggara": "Kesepakatan para kepala desa peserta"},
        berita_acara=_ba_mad(ks.judul, data),
    )


# -- the walk ---------------------------------------------------------------------------------------

def bangun(c: Konteks, sampai: str) -> KerjaSamaDesa:
    """Build the agreement of state ``sampai`` by calling the services in the order of §C1."""
    topik = TAHAP[sampai]
    klp = c.desa[KLAPASAWIT]
    op, kades = c.op(KLAPASAWIT), c.kades(KLAPASAWIT)
    mitra = [c.desa[KALIMANAH_KULON], c.desa[SELABAYA]]

    ks = services.kerjasama_buat(oleh=op, desa_pemrakarsa=klp, judul=judul_untuk(sampai), mitra=mitra,
                                 **isi_kerja_sama(topik))

    def sampai_di() -> bool:
        ks.refresh_from_db()
        return ks.status == sampai

    if sampai_di():
        return ks
    services.kerjasama_siapkan(kerja_sama=ks, oleh=op)
    if sampai_di():
        return ks
    if sampai == S.BATAL:  # the initiating desa's Musdes does not agree: the plan ends (§C1 PERSIAPAN → BATAL)
        _musdes(c, ks, KLAPASAWIT, T_MUSDES, topik, HasilMusyawarah.TIDAK_SEPAKAT)
        sampai_di()
        return ks
    _musdes(c, ks, KLAPASAWIT, T_MUSDES, topik)
    if sampai_di():
        return ks
    services.kerjasama_konfirmasi_rpjmdes(
        kerja_sama=ks, oleh=op,
        rujukan="RPJM Desa Klapasawit 2021–2027 bidang pemberdayaan ekonomi; RKP Desa Klapasawit 2026 kegiatan 3.2",
    )
    if sampai_di():
        return ks
    t_penawaran, batas_jawab, t_musdes_mitra = tanggal_penawaran(sampai)
    services.penawaran_kirim(kerja_sama=ks, oleh=kades, tanggal=t_penawaran, batas_jawab=batas_jawab)
    for i, kode in enumerate((KALIMANAH_KULON, SELABAYA)):
        nama = c.desa[kode].nama
        _musdes(c, ks, kode, t_musdes_mitra[kode], topik)
        services.penawaran_jawab(
            kerja_sama=ks, desa=c.desa[kode], oleh=c.kades(kode), jawaban=JawabanPenawaran.DITERIMA,
            catatan=f"Desa {nama} menerima penawaran sesuai hasil Musyawarah Desa.",
            rpjmdes_rujukan=f"RPJM Desa {nama} 2021–2027 bidang ekonomi; RKP Desa {nama} 2026",
            tanggal=t_musdes_mitra[kode] + dt.timedelta(days=3),
        )
        if sampai == S.PENAWARAN:  # one partner has answered, the other has not yet
            sampai_di()
            return ks
    if sampai_di() and sampai == S.PENYUSUNAN_RANCANGAN:
        # leave the draft half done: the contributions are in, the BKAD is not yet
        _kontribusi(c, ks)
        return ks
    _kontribusi(c, ks)
    services.bkad_simpan(
        kerja_sama=ks, oleh=op, nama="BKAD Anyaman Bambu Kalimanah", periode_mulai=dt.date(2026, 9, 1),
        periode_selesai=dt.date(2029, 8, 31),
        anggota=[{"nama": n, "asal_desa": c.desa[k], "unsur": u, "jabatan": j, "jenis_kelamin": jk}
                 for n, k, u, j, jk in BKAD_ANGGOTA],
    )
    services.rancangan_ajukan(kerja_sama=ks, oleh=op)
    if sampai_di():
        return ks
    services.rancangan_verifikasi(
        kerja_sama=ks, oleh=c.pmd,
        catatan="Delapan materi muatan lengkap, Musdes ketiga desa sepakat, bidang tercantum dalam RPJM/RKP Desa. "
                "Silakan selenggarakan Musyawarah Antar Desa.",
    )
    if sampai_di():
        return ks
    data = _mad_data(T_MAD, (
        "Musyawarah Antar Desa menyepakati rancangan Peraturan Bersama Kepala Desa tentang kerja sama ini, "
        "membentuk BKAD Anyaman Bambu Kalimanah, dan menyepakati kontribusi setiap desa."
    ), [AgendaMAD.KERJA_SAMA, AgendaMAD.PEMBENTUKAN_LEMBAGA, AgendaMAD.ALOKASI_ANGGARAN])
    _pdf_boleh_gagal(c, ks, lambda: services.mad_catat(
        kerja_sama=ks, oleh=c.pmd, data=data, desa=[c.desa[k] for k in DESA_KAD], berita_acara=_ba_mad(ks.judul, data),
    ))
    if sampai_di():
        return ks
    for kode in DESA_KAD:
        services.peraturan_tandatangani(kerja_sama=ks, desa=c.desa[kode], oleh=c.kades(kode),
                                        kepala_desa_nama=PEJABAT[kode][0], tanggal=T_TTD)
    if sampai_di():
        return ks
    for kode in DESA_KAD:
        services.peraturan_undangkan(kerja_sama=ks, desa=c.desa[kode], oleh=c.op(kode), berita_desa_tahun=2026,
                                     berita_desa_nomor=nomor_berita_desa(c.desa[kode], 2026),
                                     sekretaris_desa_nama=PEJABAT[kode][1],
                                     tanggal=T_UNDANGKAN)
    services.laporan_kirim(
        kerja_sama=ks, oleh=op, periode="Triwulan III 2026", tanggal=T_LAPORAN,
        isi="Rumah produksi bersama mulai beroperasi dengan 46 perajin (29 perempuan) dari tiga desa. Produksi "
            "September 2026: 1.850 besek, 320 tampah, dan 140 kap lampu; penjualan Rp 38.750.000, termasuk satu "
            "kiriman contoh ke pembeli di Belgia.",
    )
    if sampai_di():
        return ks
    if sampai == S.PERUBAHAN_DIPROSES:
        # Agreed by all parties; the amending Peraturan Bersama (§C6 "mengubah") is signed by two of the three
        # kepala desa: the kepala desa of Selabaya is the one the newcomer sees asked to sign.
        pr = services.perubahan_ajukan(
            kerja_sama=ks, oleh=op, jenis=JenisPerubahan.PERUBAHAN,
            uraian="Menambah ruang lingkup dengan pengolahan limbah bambu menjadi arang dan menaikkan kontribusi "
                   "Desa Selabaya menjadi Rp 65.000.000 mulai tahun anggaran 2027.",
            isi_baru={"ruang_lingkup": ks.ruang_lingkup.rstrip() + "\nPengolahan limbah bambu menjadi arang bambu "
                                                                     "dan pemasarannya bersama."},
        )
        m = _musyawarah_para_pihak(c, ks, "Para pihak menyepakati penambahan ruang lingkup pengolahan limbah bambu "
                                          "menjadi arang, dituangkan dalam Peraturan Bersama perubahan.")
        _pdf_boleh_gagal(c, ks, lambda: services.perubahan_putuskan(
            perubahan=pr, oleh=c.pmd, musyawarah=m, disepakati=True))
        for kode in DESA_KAD[:2]:
            services.perubahan_tandatangani(kerja_sama=ks, desa=c.desa[kode], oleh=c.kades(kode),
                                            kepala_desa_nama=PEJABAT[kode][0], tanggal=m.tanggal)
    elif sampai == S.DITANGGUHKAN:
        pr = services.perubahan_ajukan(
            kerja_sama=ks, oleh=op, jenis=JenisPerubahan.PENUNDAAN,
            uraian="Penanaman bibit bambu ditunda sampai akhir musim hujan karena lahan kebun bersama tergenang.",
        )
        m = _musyawarah_para_pihak(c, ks, "Para pihak menyepakati penundaan penanaman bambu sampai April 2027.")
        services.perubahan_putuskan(perubahan=pr, oleh=c.pmd, musyawarah=m, disepakati=True,
                                    tanggal_efektif=m.tanggal)
    elif sampai == S.DALAM_PERSELISIHAN:
        services.perselisihan_ajukan(
            kerja_sama=ks, oleh=c.op(SELABAYA),
            uraian="Desa Selabaya berkeberatan atas pembagian hasil penjualan arang bambu triwulan III 2026 yang "
                   "dihitung menurut jumlah perajin, bukan menurut kontribusi dana sebagaimana disepakati.",
        )
    elif sampai in (S.BERAKHIR, S.SELESAI):
        m = _musyawarah_para_pihak(c, ks, "Para pihak menyepakati kerja sama berakhir karena tujuannya tercapai: "
                                          "festival terselenggara dan laporan keuangan telah diterima.")
        services.kerjasama_akhiri(kerja_sama=ks, oleh=kades, alasan=AlasanBerakhir.TUJUAN_TERCAPAI, musyawarah=m)
        if sampai == S.SELESAI:
            services.kerjasama_tutup(
                kerja_sama=ks, oleh=op,
                laporan_akhir="Pelatihan tahap I selesai: 60 perajin (38 perempuan) dilatih. Sisa dana Rp 4.250.000 "
                              "dikembalikan ke kas desa sebanding kontribusi; peralatan pelatihan diserahkan kepada "
                              "BKAD untuk tahap berikutnya (berita acara serah terima aset terlampir pada arsip desa).",
            )
    sampai_di()
    return ks


def _pdf_boleh_gagal(c: Konteks, ks, panggil: Callable[[], object]) -> None:
    """Call a service whose after-commit work renders the draft PDF. When rendering fails the task keeps its
    error on the document row (``galat_pembuatan``, shown on the pages) and, run eagerly, re-raises after the
    commit: the legal act itself is done, so the demo notes it and walks on."""
    try:
        panggil()
    except Exception as exc:
        ph = ks.produk_hukum.filter(
            jenis__in=(JenisProdukHukum.PERATURAN_BERSAMA_KADES, JenisProdukHukum.PERJANJIAN_BERSAMA),
        ).order_by("-id").first()  # the latest: the first document, or the amendment being drafted
        if ph is None or not ph.galat_pembuatan:
            raise
        c.peringatan.append(f"PDF '{ks.judul}' gagal dibuat ({type(exc).__name__}); galat tercatat pada dokumen.")


def _kontribusi(c: Konteks, ks) -> None:
    services.kontribusi_simpan(kerja_sama=ks, oleh=c.op(KLAPASAWIT), baris=[
        {"desa": c.desa[k], "sumber": sumber, "tahun_anggaran": tahun, "nilai": Decimal(nilai), "bentuk": bentuk,
         "keterangan": ket}
        for k, sumber, tahun, nilai, bentuk, ket in KONTRIBUSI
    ])


# -- the loader ---------------------------------------------------------------------------------------

def muat(ringkasan: Ringkasan, *, setel_ulang_sandi: bool = False,
         bangun_fn: Callable[[Konteks, str], KerjaSamaDesa] = bangun) -> list[tuple[str, str, str]]:
    """Load the partner desa's users and one agreement per state of §C1 (those missing).

    Returns the demo logins it added. Refusals and failures are noted in ``ringkasan.peringatan``.
    E-mails of the notifications are not sent while loading (the demo addresses do not exist); the
    inbox rows are kept.
    """
    from django.contrib.auth import get_user_model

    with transaction.atomic():
        logins = muat_pengguna(ringkasan, PENGGUNA_KERJASAMA, setel_ulang_sandi=setel_ulang_sandi)
    desa = {d.kode: d for d in Desa.objects.filter(kode__in=DESA_KAD).select_related("kecamatan__kabupaten")}
    kurang = [k for k in DESA_KAD if k not in desa]
    if kurang:
        ringkasan.peringatan.append(f"Kerja sama demo tidak dimuat: desa {', '.join(kurang)} tidak ada.")
        return logins
    User = get_user_model()
    nama_user = [*OPERATOR.values(), *KADES.values(), PMD]
    c = Konteks(desa=desa, user={u.username: u for u in User.objects.filter(username__in=nama_user)},
                peringatan=ringkasan.peringatan)
    ada = set(KerjaSamaDesa.objects.filter(judul__in=[judul_untuk(s) for s in TAHAP]).values_list("judul", flat=True))
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for status in TAHAP:
            if judul_untuk(status) in ada:
                ringkasan.catat(KerjaSamaDesa, "sama")
                continue
            try:
                ks = bangun_fn(c, status)
                if ks.status != status:
                    raise RuntimeError(f"berhenti di {ks.status}, bukan {status}")
            except Exception as exc:  # report and go on with the other agreements
                sisa = KerjaSamaDesa.objects.filter(judul=judul_untuk(status)).first()
                di = f", tertinggal di status {sisa.status}" if sisa else ""
                ringkasan.peringatan.append(
                    f"Kerja sama demo '{TAHAP[status]}' ({status}){di}: {type(exc).__name__}: {exc}")
                if sisa:
                    ringkasan.catat(KerjaSamaDesa, "baru")
                continue
            ringkasan.catat(KerjaSamaDesa, "baru")
    return logins


daftarkan_pemuat(muat)
