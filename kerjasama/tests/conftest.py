"""Shared fixtures of the kerja sama tests: more desa of Kec. Kalimanah, a kepala desa and an operator for
each of them, and ``buat_kerjasama`` which builds an agreement of N desa in ANY state of §C1 (or §C2) by
calling the services in order — never by writing rows by hand — so a test starts where it needs to.

Usage (in any test under kerjasama/, or import ``buat_kerjasama`` from ``kerjasama.tests.conftest``)::

    def test_x(buat_ks):                         # fixture: persona and wilayah already bound
        k = buat_ks(sampai="BERLAKU", jumlah_desa=3)
        k.ks.status == "BERLAKU"; k.desa[0] is Klapasawit (initiator); k.kades[1] signs for k.desa[1]

    k = buat_kerjasama(persona, wilayah, sampai="RANCANGAN_DISEPAKATI", jumlah_desa=8)

``sampai`` is a state of §C1 (DRAFT, PERSIAPAN, DISETUJUI_MUSDES, SIAP_DITAWARKAN, PENAWARAN,
PENYUSUNAN_RANCANGAN, DIAJUKAN, DIVERIFIKASI, RANCANGAN_DISEPAKATI, DITANDATANGANI, BERLAKU,
PERUBAHAN_DIPROSES, DITANGGUHKAN, DALAM_PERSELISIHAN, BERAKHIR, SELESAI, BATAL) or, with
``jenis="PIHAK_KETIGA"``, of §C2. Each service call runs its after-commit work at once (notifications,
the PDF task), as it would in production. The PDF renderer is the real ``kerjasama.documents`` when it
exists; use the ``render_palsu`` fixture to replace it with a tiny fixed PDF (fast, and independent of
the documents engineer's work).

Personas (``pemdes`` fixture, or ``k.kades`` / ``k.operator`` on the result): Klapasawit keeps the root
personas budi (kepala desa) and sari (operator); Kalimanah Kulon keeps tono (operator) and gets
``kades_2006``; every other desa ``33.03.06.20xx`` gets ``kades_20xx`` and ``operator_20xx``. Every
persona involved has an e-mail ``<username>@desa.test`` so ``mailoutbox`` can be asserted.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import types
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

# Partner desa of Kec. Kalimanah (real Kemendagri codes), in the order partners are added.
# 33.03.06.2006 Kalimanah Kulon is the root conftest's ``wilayah.tetangga``.
DESA_KALIMANAH = [
    ("33.03.06.2006", "Kalimanah Kulon"),
    ("33.03.06.2009", "Kalimanah Wetan"),
    ("33.03.06.2010", "Grecol"),
    ("33.03.06.2014", "Selabaya"),
    ("33.03.06.2016", "Kedungwuluh"),
    ("33.03.06.2017", "Babakan"),
    ("33.03.06.2005", "Karangsari"),
    ("33.03.06.2007", "Sidakangen"),
]
MAKS_DESA = 1 + len(DESA_KALIMANAH)

# The states of §C1 in the order the full walk reaches them, and of §C2.
URUTAN_C1 = [
    "DRAFT", "PERSIAPAN", "DISETUJUI_MUSDES", "SIAP_DITAWARKAN", "PENAWARAN", "PENYUSUNAN_RANCANGAN",
    "DIAJUKAN", "DIVERIFIKASI", "RANCANGAN_DISEPAKATI", "DITANDATANGANI", "BERLAKU",
]
URUTAN_C2 = [
    "DRAFT", "PERSIAPAN", "DISETUJUI_MUSDES", "PENAWARAN", "PENYUSUNAN_RANCANGAN", "DIAJUKAN", "DIVERIFIKASI",
    "DITANDATANGANI", "BERLAKU",
]
SESUDAH_BERLAKU = ["PERUBAHAN_DIPROSES", "DITANGGUHKAN", "DALAM_PERSELISIHAN", "BERAKHIR", "SELESAI"]
# The walk's offer letters are dated 10 June 2025 (answer deadline 10 July 2025, DOMAIN.md §C1); the partners
# answer on this date, within it (an answer is checked by its own date, BATAS_JAWAB).
TANGGAL_PENAWARAN = dt.date(2025, 6, 10)
TANGGAL_JAWABAN = dt.date(2025, 6, 20)

ISI_LENGKAP = {
    "maksud_tujuan": "Mengembangkan usaha kerajinan bambu bersama.",
    "ruang_lingkup": "Produksi, pemasaran bersama dan pelatihan perajin bambu.",
    "tata_cara_pelaksanaan": "Dilaksanakan oleh BKAD dengan rencana kerja tahunan.",
    "hak_kewajiban": "Setiap desa berhak atas bagi hasil dan wajib menyetor kontribusi.",
    "pendanaan_uraian": "APB Desa masing-masing desa dan swadaya masyarakat.",
    "tanggal_mulai": dt.date(2026, 1, 1),
    "tanggal_selesai": dt.date(2030, 12, 31),
    "tempat_penetapan": "Klapasawit",
}


# -- files ----------------------------------------------------------------------------------------

def pdf_bytes(teks: str = "bukti") -> bytes:
    """A small valid one-page PDF (pypdf reads it, so the upload checks accept it)."""
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    w.add_metadata({"/Title": teks})
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def berkas_pdf(nama: str = "berita-acara.pdf", teks: str = "bukti") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, pdf_bytes(teks), content_type="application/pdf")


def render_tetap(ph) -> bytes:
    """Stand-in for ``kerjasama.documents.render_produk_hukum``: deterministic per document and version."""
    return pdf_bytes(f"{ph.jenis} {ph.kode_verifikasi} {ph.tentang}")


def penolakan(fungsi, *args, **kwargs) -> list:
    """Call a service that must refuse; return the unmet rules (``AturanDilanggar`` list, one or several)."""
    from inti.errors import AturanDilanggar, PelanggaranAturan, sebagai_daftar

    with pytest.raises((AturanDilanggar, PelanggaranAturan)) as e:
        fungsi(*args, **kwargs)
    return sebagai_daftar(e.value)


def segera():
    """Run the after-commit callbacks (notifications, PDF task) of the block at its end, as a commit would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


# -- fixtures -------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _media_sementara(settings, tmp_path):
    """Uploaded evidence and generated PDFs go to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _documents_sementara(monkeypatch):
    """Until kerjasama/documents.py exists, stand a fixed renderer in for it (only if the module is missing)."""
    try:
        import kerjasama.documents  # noqa: F401
    except ModuleNotFoundError as exc:
        if exc.name != "kerjasama.documents":
            raise
        modul = types.ModuleType("kerjasama.documents")
        modul.render_produk_hukum = render_tetap
        monkeypatch.setitem(sys.modules, "kerjasama.documents", modul)
        import kerjasama

        monkeypatch.setattr(kerjasama, "documents", modul, raising=False)


@pytest.fixture
def render_palsu(monkeypatch):
    """Always replace the PDF renderer with ``render_tetap`` (fast; for tests of the workflow, not the PDF)."""
    try:
        import kerjasama.documents as modul
    except ModuleNotFoundError:
        modul = sys.modules["kerjasama.documents"]
    monkeypatch.setattr(modul, "render_produk_hukum", render_tetap)
    return render_tetap


def siapkan_desa(wilayah) -> list:
    """Klapasawit followed by the partner desa of DESA_KALIMANAH (created once per test database)."""
    from desa.models import Desa

    hasil = [wilayah.klapasawit]
    for kode, nama in DESA_KALIMANAH:
        d, _ = Desa.objects.get_or_create(kode=kode, defaults={"nama": nama, "kecamatan": wilayah.kalimanah, "jenis": "DESA"})
        hasil.append(d)
    return hasil


@dataclass
class Pemdes:
    """The pemerintah desa of one desa in the tests: its kepala desa and its operator."""

    desa: object
    kades: object
    operator: object


def siapkan_pemdes(persona, wilayah) -> dict[str, Pemdes]:
    """``{kode desa: Pemdes}`` for Klapasawit and every desa of DESA_KALIMANAH, with e-mail addresses."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    daftar = siapkan_desa(wilayah)

    def pengguna(username, role, kode):
        u, _ = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "wilayah_kode": kode, "first_name": username.replace("_", " ").title(),
                      "email": f"{username}@desa.test"},
        )
        return u

    for u in persona.values():  # the root personas get an address too
        if not u.email:
            u.email = f"{u.username}@desa.test"
            u.save(update_fields=["email"])
    hasil = {wilayah.klapasawit.kode: Pemdes(wilayah.klapasawit, persona["budi"], persona["sari"])}
    for d in daftar[1:]:
        akhir = d.kode[-4:]
        operator = persona["tono"] if d.kode == wilayah.tetangga.kode else pengguna(f"operator_{akhir}", "operator_desa", d.kode)
        hasil[d.kode] = Pemdes(d, pengguna(f"kades_{akhir}", "kepala_desa", d.kode), operator)
    return hasil


@pytest.fixture
def desa_kalimanah(wilayah):
    """[Klapasawit, Kalimanah Kulon, Kalimanah Wetan, Grecol, …] — 9 desa of Kec. Kalimanah."""
    return siapkan_desa(wilayah)


@pytest.fixture
def pemdes(persona, wilayah):
    """``pemdes[kode].kades`` / ``.operator`` for Klapasawit and the partner desa."""
    return siapkan_pemdes(persona, wilayah)


@pytest.fixture
def pihak_ketiga(wilayah, persona):
    from kerjasama.models import PihakKetiga

    return PihakKetiga.objects.create(
        kabupaten=wilayah.purbalingga, nama="CV Bambu Lestari", jenis="SWASTA_BADAN_USAHA", badan_hukum=True,
        nomor_legalitas="NIB 1234567890123", penanggung_jawab_nama="Rina Wulandari",
        penanggung_jawab_jabatan="Direktur", created_by=persona["admin"],
    )


# -- the builder ----------------------------------------------------------------------------------

@dataclass
class KerjaSamaUji:
    """What ``buat_kerjasama`` returns: the agreement and the people and rows around it."""

    ks: object
    desa: list  # desa[0] is the initiator (Klapasawit), then the partners
    kades: list  # kades[i] is the kepala desa of desa[i]
    operator: list
    pmd: object
    camat: object
    musdes: dict = field(default_factory=dict)  # kode desa → Musyawarah
    mad: object = None
    perubahan: object = None
    perselisihan: object = None
    surat: list = field(default_factory=list)

    def refresh(self):
        self.ks.refresh_from_db()
        return self.ks

    @property
    def ph(self):
        """The agreement's main legal document (Peraturan/Perjanjian Bersama), or None."""
        return self.ks.produk_hukum.filter(
            jenis__in=("PERATURAN_BERSAMA_KADES", "PERJANJIAN_BERSAMA"), mengubah__isnull=True,
        ).order_by("id").first()


def musdes_data(hasil="SEPAKAT", tanggal=dt.date(2025, 6, 2)) -> dict:
    return {"tanggal": tanggal, "tempat": "Balai desa", "hasil": hasil, "jumlah_hadir": 30, "jumlah_perempuan": 9,
            "keputusan_ringkas": "Musdes menyepakati rencana kerja sama." if hasil == "SEPAKAT" else "Musdes tidak sepakat."}


def mad_data(hasil="SEPAKAT") -> dict:
    return {"tanggal": dt.date(2025, 8, 4), "tempat": "Aula Kecamatan Kalimanah", "hasil": hasil, "jumlah_hadir": 45,
            "jumlah_perempuan": 12, "agenda": ["KESEPAKATAN_KERJA_SAMA"],
            "keputusan_ringkas": "MAD menyepakati rancangan Peraturan Bersama." if hasil == "SEPAKAT" else "Belum sepakat."}


def musyawarah_semua_pihak(k, *, hasil="SEPAKAT", desa=None):
    """A musyawarah of all bound parties (R13), recorded as evidence for a change or an ending: held today, after
    the change was proposed (a decision rests on a musyawarah held for it, R13)."""
    from django.utils import timezone

    from kerjasama import services

    desa = desa if desa is not None else [p.desa for p in services.peserta_aktif(k.ks.peserta.select_related("desa"))]
    return services.musyawarah_buat(
        jenis="MAD", kabupaten=k.ks.kabupaten, desa=desa, oleh=k.pmd, kerja_sama=k.ks,
        data={**mad_data(hasil), "tanggal": timezone.localdate(), "penyelenggara": "Para kepala desa",
              "keputusan_ringkas": "Musyawarah para pihak."},
        berita_acara=berkas_pdf(),
    )


def nomor_berita_desa_uji(desa, urutan: int, tahun: int = 2025) -> str:
    """A Berita Desa number the desa has not used in ``tahun`` (one number, one document: R12): 10 + its place
    in the agreement for its first promulgation of the year, 20 + … for the second, and so on."""
    from kerjasama.models import KerjaSamaPeserta

    sudah = KerjaSamaPeserta.objects.filter(desa=desa, berita_desa_tahun=tahun).exclude(berita_desa_nomor="").count()
    return str(10 + urutan + 10 * sudah)


def pemdes_untuk(desa) -> Pemdes:
    """Kepala desa and operator of any desa (``kades_33_03_01_2001`` …), created on first use."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    akhir = desa.kode.replace(".", "_")
    orang = []
    for role, awal in (("kepala_desa", "kades"), ("operator_desa", "operator")):
        u, _ = User.objects.get_or_create(username=f"{awal}_{akhir}", defaults={
            "role": role, "wilayah_kode": desa.kode, "email": f"{awal}_{akhir}@desa.test"})
        orang.append(u)
    return Pemdes(desa, *orang)


def buat_kerjasama(persona, wilayah, sampai: str = "BERLAKU", jumlah_desa: int = 3, *, jenis: str = "ANTAR_DESA",
                   pihak_ketiga=None, prakarsa: str = "DESA", judul: str = "Usaha bersama kerajinan bambu",
                   tanggal_ttd: dt.date = dt.date(2025, 9, 1), mitra: list | None = None,
                   batas_jawab: dt.date | None = None) -> KerjaSamaUji:
    """Build one agreement and walk it with the services until ``sampai``.

    Antar desa: Klapasawit initiates with ``jumlah_desa - 1`` partners of Kec. Kalimanah (2 ≤ N ≤ 9); every
    partner accepts. Beyond BERLAKU the walk follows the full-walk test: PERUBAHAN_DIPROSES (a penundaan is
    asked), DITANGGUHKAN, then back to BERLAKU for DALAM_PERSELISIHAN, BERAKHIR (ended by musyawarah, Pasal
    147 huruf a) and SELESAI. BATAL is reached by withdrawing the draft. ``jenis="PIHAK_KETIGA"`` builds a
    §C2 agreement of Klapasawit with ``pihak_ketiga`` (created when None), ``jumlah_desa`` is ignored.
    ``mitra`` (a list of Desa) replaces the Kalimanah partners, e.g. a desa of Kec. Kemangkon for a
    cross-kecamatan agreement; their people come from ``pemdes_untuk``. The offer letters are dated
    TANGGAL_PENAWARAN with the default answer deadline (long past: stopped at PENAWARAN the offer has lapsed)
    unless ``batas_jawab`` is given, e.g. a date after today for an offer still open.
    """
    from kerjasama import services
    from kerjasama.models import PihakKetiga

    c2 = jenis == "PIHAK_KETIGA"
    urutan = (URUTAN_C2 if c2 else URUTAN_C1) + SESUDAH_BERLAKU
    if sampai not in urutan and sampai != "BATAL":
        raise ValueError(f"Status tidak dikenal untuk {jenis}: {sampai}")
    if not c2 and not 2 <= jumlah_desa <= MAKS_DESA:
        raise ValueError(f"jumlah_desa antara 2 dan {MAKS_DESA}")
    pd = siapkan_pemdes(persona, wilayah)
    semua = siapkan_desa(wilayah)
    desa = semua[:1] if c2 else ([semua[0], *mitra] if mitra is not None else semua[:jumlah_desa])
    for d in desa:
        if d.kode not in pd:
            pd[d.kode] = pemdes_untuk(d)
    k = KerjaSamaUji(
        ks=None, desa=desa, kades=[pd[d.kode].kades for d in desa], operator=[pd[d.kode].operator for d in desa],
        pmd=persona["pmd_pbg"], camat=persona["camat"],
    )
    sari, budi = k.operator[0], k.kades[0]
    if c2 and pihak_ketiga is None:
        pihak_ketiga = PihakKetiga.objects.create(
            kabupaten=wilayah.purbalingga, nama="CV Bambu Lestari", jenis="SWASTA_BADAN_USAHA",
            penanggung_jawab_nama="Rina Wulandari", penanggung_jawab_jabatan="Direktur",
        )

    with segera():
        k.ks = services.kerjasama_buat(
            oleh=sari, desa_pemrakarsa=desa[0], judul=judul, mitra=desa[1:], jenis=jenis, pihak_ketiga=pihak_ketiga,
            prakarsa=prakarsa, bidang=["USAHA_BERSAMA"], **ISI_LENGKAP,
        )
    if sampai == "DRAFT":
        return k
    if sampai == "BATAL":
        with segera():
            services.kerjasama_batalkan(kerja_sama=k.ks, oleh=sari, alasan="Rencana ditarik oleh desa.")
        k.refresh()
        return k
    with segera():
        services.kerjasama_siapkan(kerja_sama=k.ks, oleh=sari)
    if sampai == "PERSIAPAN":
        return _akhir(k)
    with segera():
        k.musdes[desa[0].kode] = services.musdes_catat(kerja_sama=k.ks, desa=desa[0], oleh=sari, data=musdes_data(),
                                                       berita_acara=berkas_pdf())
    if sampai == "DISETUJUI_MUSDES":
        return _akhir(k)
    if not c2:
        with segera():
            services.kerjasama_konfirmasi_rpjmdes(kerja_sama=k.ks, oleh=sari, rujukan="RPJM Desa 2020–2026 bidang ekonomi; RKP Desa 2025")
        if sampai == "SIAP_DITAWARKAN":
            return _akhir(k)
    with segera():
        k.surat = services.penawaran_kirim(kerja_sama=k.ks, oleh=budi, tanggal=TANGGAL_PENAWARAN,
                                               batas_jawab=batas_jawab)
    if sampai == "PENAWARAN":
        return _akhir(k)
    if c2:
        with segera():
            services.penawaran_jawab_pihak_ketiga(kerja_sama=k.ks, oleh=budi, diterima=True, catatan="Surat jawaban diterima.",
                                                  tanggal=TANGGAL_JAWABAN)
    else:
        for i, d in enumerate(desa[1:], start=1):
            with segera():
                k.musdes[d.kode] = services.musdes_catat(kerja_sama=k.ks, desa=d, oleh=k.operator[i], data=musdes_data(),
                                                         berita_acara=berkas_pdf())
            with segera():
                services.penawaran_jawab(kerja_sama=k.ks, desa=d, oleh=k.kades[i], jawaban="DITERIMA",
                                         rpjmdes_rujukan=f"RKP Desa {d.nama} 2025", tanggal=TANGGAL_JAWABAN)
    if sampai == "PENYUSUNAN_RANCANGAN":
        return _akhir(k)
    if not c2:
        with segera():
            services.bkad_simpan(kerja_sama=k.ks, oleh=sari, nama="BKAD Kalimanah", anggota=[
                {"nama": f"Anggota {d.nama}", "asal_desa": d, "unsur": "PEMERINTAH_DESA" if i % 2 == 0 else "TOKOH_MASYARAKAT",
                 "jabatan": "KETUA" if i == 0 else "ANGGOTA", "jenis_kelamin": "P" if i % 2 else "L"}
                for i, d in enumerate(desa)
            ])
    with segera():
        services.rancangan_ajukan(kerja_sama=k.ks, oleh=sari)
    if sampai == "DIAJUKAN":
        return _akhir(k)
    with segera():
        services.rancangan_verifikasi(kerja_sama=k.ks, oleh=k.pmd, catatan="Lengkap.")
    if sampai == "DIVERIFIKASI":
        return _akhir(k)
    if not c2:
        with segera():
            k.mad = services.mad_catat(kerja_sama=k.ks, oleh=k.pmd, data=mad_data(), desa=desa, berita_acara=berkas_pdf())
        if sampai == "RANCANGAN_DISEPAKATI":
            return _akhir(k)
    for i, d in enumerate(desa):
        with segera():
            services.peraturan_tandatangani(kerja_sama=k.ks, desa=d, oleh=k.kades[i], kepala_desa_nama=f"Darmo {d.nama}",
                                            tanggal=tanggal_ttd)
    if c2:
        with segera():
            services.perjanjian_tandatangani_pihak_ketiga(kerja_sama=k.ks, oleh=budi, penandatangan_nama="Rina Wulandari",
                                                          penandatangan_jabatan="Direktur", tanggal=tanggal_ttd)
    if sampai == "DITANDATANGANI":
        return _akhir(k)
    if c2:
        with segera():
            services.kerjasama_berlakukan(kerja_sama=k.ks, oleh=sari, hari_ini=k.ks.tanggal_mulai)
    else:
        for i, d in enumerate(desa):
            with segera():
                services.peraturan_undangkan(kerja_sama=k.ks, desa=d, oleh=k.operator[i], berita_desa_tahun=2025,
                                             berita_desa_nomor=nomor_berita_desa_uji(d, i), sekretaris_desa_nama=f"Rahayu {d.nama}",
                                             tanggal=tanggal_ttd + dt.timedelta(days=1))
    if sampai == "BERLAKU":
        return _akhir(k)
    with segera():
        k.perubahan = services.perubahan_ajukan(kerja_sama=k.ks, oleh=sari, jenis="PENUNDAAN",
                                                uraian="Ditunda selama musim hujan.")
    if sampai == "PERUBAHAN_DIPROSES":
        return _akhir(k)
    with segera():
        services.perubahan_putuskan(perubahan=k.perubahan, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k), disepakati=True)
    if sampai == "DITANGGUHKAN":
        return _akhir(k)
    with segera():
        services.kerjasama_lanjutkan(kerja_sama=k.ks, oleh=k.pmd, musyawarah=musyawarah_semua_pihak(k))
    with segera():
        k.perselisihan = services.perselisihan_ajukan(kerja_sama=k.ks, oleh=sari, uraian="Pembagian hasil penjualan.")
    if sampai == "DALAM_PERSELISIHAN":
        return _akhir(k)
    with segera():
        services.perselisihan_selesaikan(perselisihan=k.perselisihan, oleh=budi, hasil="Sepakat dibagi rata.", berlanjut=True)
    with segera():
        services.kerjasama_akhiri(kerja_sama=k.ks, oleh=k.pmd, alasan="KESEPAKATAN_PARA_PIHAK", musyawarah=musyawarah_semua_pihak(k))
    if sampai == "BERAKHIR":
        return _akhir(k)
    with segera():
        services.kerjasama_tutup(kerja_sama=k.ks, oleh=sari, laporan_akhir="Aset alat produksi diserahkan ke BUM Desa.")
    return _akhir(k)


def _akhir(k: KerjaSamaUji) -> KerjaSamaUji:
    k.refresh()
    return k


@pytest.fixture
def buat_ks(persona, wilayah):
    """``buat_ks(sampai="BERLAKU", jumlah_desa=3, jenis="ANTAR_DESA", …)`` — see ``buat_kerjasama``."""

    def _buat(sampai: str = "BERLAKU", jumlah_desa: int = 3, **kw) -> KerjaSamaUji:
        return buat_kerjasama(persona, wilayah, sampai=sampai, jumlah_desa=jumlah_desa, **kw)

    return _buat
