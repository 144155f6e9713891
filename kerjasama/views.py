"""Pages of kerja sama desa: the village head's wizard, the agreement page with its timeline and action
forms, the partner's inbox, the kabupaten's review queue, the list, and the home-page panel.

Thin on purpose (DESIGN.md §3): every read starts from ``queries`` (scoped: out of scope is 404), every
write is ONE call to a function of ``services``; a refusal (``AturanDilanggar``/``PelanggaranAturan``/
``ValidationError``) is shown next to the form, each message naming its rule and article, and the form
keeps what was typed. Which buttons a user sees comes from the transition table
(``workflow.ALUR_ANTAR_DESA.aksi_untuk``) and ``permissions.pelaku`` — never from ``if`` chains here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST

from akun.beranda import Angka, Panel, Tindakan
from akun.scoping import scope
from desa import queries as desa_queries
from desa.filtersets import BATAS_CARI, DesaFilterSet
from inti.errors import AturanDilanggar, PelanggaranAturan, sebagai_daftar
from inti.format import huruf_kecil_awal
from inti.format import tanggal as tanggal_id

from . import aturan, forms, penanda_tangan, queries, services
from . import workflow as W
from .choices import (
    JenisKerjaSama,
    PeranPeserta,
    Prakarsa,
    StatusKerjaSama,
    StatusPerselisihan,
    alasan_berakhir_teks,
)
from .filtersets import KerjaSamaFilterSet
from .models import Musyawarah
from .permissions import pelaku
from .tindakan import Konteks, langkah_tersedia

S = StatusKerjaSama
PER_HALAMAN = 25
BATAS_HASIL_MITRA = 20


# -- helpers ------------------------------------------------------------------------------------------

def galat_ke_form(form, exc: Exception) -> None:
    """Put a service refusal on the form: each unmet rule (with its article) by its field, else on top."""
    daftar = sebagai_daftar(exc)
    if daftar:
        for d in daftar:
            form.add_error(d.field if d.field in form.fields else None, d.pesan)
        return
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            for nama, galat in exc.error_dict.items():
                teks = [m for e in galat for m in e.messages]
                if nama in form.fields:
                    form.add_error(nama, teks)
                elif nama == "__all__":
                    form.add_error(None, teks)
                else:
                    form.add_error(None, [f"{nama.replace('_', ' ')}: {t}" for t in teks])
        else:
            form.add_error(None, exc.messages)
        return
    raise exc


GALAT_LAYANAN = (AturanDilanggar, PelanggaranAturan, ValidationError)


def _url_opsional(nama: str, **kwargs) -> str:
    """A URL of another engineer's part (documents) when it exists, else "" (the link is left out)."""
    try:
        return reverse(nama, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _pemdes(user) -> bool:
    return user.role in ("operator_desa", "kepala_desa") and len(user.wilayah_kode or "") == 13


def _desa_sendiri(user):
    if not _pemdes(user):
        raise PermissionDenied("Rencana kerja sama disusun oleh pemerintah desa (operator atau kepala desa).")
    return desa_queries.desa_get(user, user.wilayah_kode)


# -- the action forms of one agreement ---------------------------------------------------------------


@dataclass
class Aksi:
    """One action of the agreement page: its form and the ONE service its POST calls."""

    nama: str
    judul: str
    form: type
    jalankan: Callable  # (k: Konteks, form) -> success message
    keterangan: str = ""
    opsi: Callable | None = None  # (k: Konteks) -> extra kwargs for the form
    bahaya: bool = False
    berkas: bool = False
    initial: Callable | None = None


def _desa_untuk(k: Konteks):
    """The desa a desa-level user acts for; for others the initiating desa (the service then refuses)."""
    return k.desa_saya or k.ks.desa_pemrakarsa


def _desa_aktif_qs(k: Konteks):
    """The bound parties' desa as a queryset for a choice field. Their ids come from the scoped agreement,
    and desa names/codes are public reference data, so no further scope is needed."""
    return queries.desa_pihak(k.ks, [d.pk for d in k.desa_aktif()])


def _opsi_mad(k: Konteks) -> dict:
    return {"desa_qs": _desa_aktif_qs(k)}


def _opsi_musyawarah_pilih(k: Konteks) -> dict:
    """Only the musyawarah R13 would accept as the basis of this decision (held for it, not used before)."""
    qs = scope(k.user, Musyawarah).filter(kerja_sama=k.ks).order_by("-tanggal", "-id")
    return {"musyawarah_qs": services.musyawarah_pilihan(k.ks, qs, k.perubahan)}


# Who may comment (``tindakan.KOMENTAR``: every actor of the agreement) and the words of the comment box for each
# role: (label, help text). The camat's facilitation note is the camat's; the others are told who reads it.
KOMENTAR_PERAN = {
    "camat": ("Komentar atau catatan fasilitasi",
              "Camat memfasilitasi kerja sama atas nama bupati/wali kota (PP 43/2014 Pasal 143 ayat (5))."),
    "pmd_kabupaten": ("Komentar atau catatan pembinaan",
                      "Catatan Dinas PMD untuk para pihak; tampil di linimasa dan dibaca semua pihak kerja sama ini."),
}
KOMENTAR_DESA = ("Komentar", "Tampil di linimasa dan dibaca para pihak kerja sama ini, camat, dan Dinas PMD; "
                 "desa pemrakarsa diberi tahu.")


class KomentarPeranForm(forms.KomentarForm):
    """The comment form worded for the commenting user's role."""

    def __init__(self, *args, peran: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teks"].label, self.fields["teks"].help_text = KOMENTAR_PERAN.get(peran, KOMENTAR_DESA)


def _j_siapkan(k, f):
    services.kerjasama_siapkan(kerja_sama=k.ks, oleh=k.user)
    return "Persiapan dimulai. Langkah berikutnya: Musyawarah Desa oleh BPD."


def _j_musdes(k, f):
    m = services.musdes_catat(kerja_sama=k.ks, desa=_desa_untuk(k), oleh=k.user, data=f.data_musyawarah(),
                              berita_acara=f.cleaned_data["berita_acara"], daftar_hadir=f.cleaned_data.get("daftar_hadir"))
    return f"Musdes {_desa_untuk(k).nama} tercatat ({huruf_kecil_awal(m.get_hasil_display())})."


def _j_rpjmdes(k, f):
    services.kerjasama_konfirmasi_rpjmdes(kerja_sama=k.ks, oleh=k.user, rujukan=f.cleaned_data["rujukan"])
    return "Bidang kerja sama tercantum dalam RPJM Desa dan RKP Desa. Rencana siap ditawarkan."


def _j_kirim_penawaran(k, f):
    surat = services.penawaran_kirim(kerja_sama=k.ks, oleh=k.user, tanggal=f.cleaned_data.get("tanggal"),
                                     batas_jawab=f.cleaned_data.get("batas_jawab"))
    batas = f" Batas waktu jawaban: {tanggal_id(surat[0].batas_jawab)}." if surat and surat[0].batas_jawab else ""
    return f"{len(surat)} surat penawaran terkirim.{batas}"


def _j_jawab(k, f):
    d = f.cleaned_data
    services.penawaran_jawab(kerja_sama=k.ks, desa=_desa_untuk(k), oleh=k.user, jawaban=d["jawaban"],
                             catatan=d["catatan"], rpjmdes_rujukan=d["rpjmdes_rujukan"])
    return "Jawaban penawaran terkirim."


def _j_tuntaskan_penawaran(k, f):
    ks = services.penawaran_tuntaskan(kerja_sama=k.ks, oleh=k.user)
    if ks.status == S.PENYUSUNAN_RANCANGAN:
        return "Penawaran dituntaskan. Rancangan disusun bersama desa mitra yang menerima."
    return f"Penawaran dituntaskan; tidak ada yang menerima, rencana {huruf_kecil_awal(ks.get_status_display())}."


def _j_ajukan(k, f):
    services.rancangan_ajukan(kerja_sama=k.ks, oleh=k.user)
    return "Rancangan diajukan ke Dinas PMD kabupaten untuk diverifikasi."


def _j_verifikasi(k, f):
    services.rancangan_verifikasi(kerja_sama=k.ks, oleh=k.user, catatan=f.cleaned_data["catatan"])
    if k.ks.jenis == JenisKerjaSama.PIHAK_KETIGA:  # §C2: no MAD; the verified draft is signed (PP 43/2014 Pasal 143 ayat (3))
        return "Rancangan diverifikasi. Perjanjian Bersama siap ditandatangani kepala desa dan pihak ketiga."
    return "Rancangan diverifikasi. Desa peserta dapat mengadakan Musyawarah Antar Desa."


def _j_kembalikan(k, f):
    services.rancangan_kembalikan(kerja_sama=k.ks, oleh=k.user, catatan=f.cleaned_data["catatan"])
    return "Rancangan dikembalikan kepada desa dengan catatan."


def _j_mad(k, f):
    m = services.mad_catat(kerja_sama=k.ks, oleh=k.user, data=f.data_musyawarah(), desa=list(f.cleaned_data["desa"]),
                           berita_acara=f.cleaned_data["berita_acara"], daftar_hadir=f.cleaned_data.get("daftar_hadir"))
    return f"Musyawarah Antar Desa tercatat ({huruf_kecil_awal(m.get_hasil_display())})."


def _j_musyawarah(k, f):
    # Not a transition: the record a later decision (R13) points to.
    m = services.musyawarah_para_pihak_catat(
        kerja_sama=k.ks, oleh=k.user, data=f.data_musyawarah(), desa=list(f.cleaned_data["desa"]),
        berita_acara=f.cleaned_data["berita_acara"], daftar_hadir=f.cleaned_data.get("daftar_hadir"),
    )
    sejak, apa, terpakai = services.dasar_musyawarah(k.ks, k.perubahan)
    if not aturan.musyawarah_layak(m, kerja_sama_id=k.ks.pk, sejak=sejak, terpakai=terpakai):
        return (f"Musyawarah para pihak tercatat, tetapi diadakan sebelum {apa} ({tanggal_id(sejak)}): keputusan "
                f"perubahan, penundaan, kelanjutan, atau pengakhiran memerlukan musyawarah pada atau setelah tanggal itu "
                f"(R13, PP 43/2014 Pasal 145).")
    return "Musyawarah para pihak tercatat; keputusannya dapat dicatat sekarang."


def _j_tandatangani(k, f):
    p = services.peraturan_tandatangani(kerja_sama=k.ks, desa=_desa_untuk(k), oleh=k.user,
                                        kepala_desa_nama=f.cleaned_data["kepala_desa_nama"],
                                        tanggal=f.cleaned_data.get("tanggal"))
    return f"Ditandatangani untuk Desa {p.desa.nama} dengan nomor {p.nomor_lengkap} tahun {p.tahun_peraturan}."


def _j_unggah_ttd(k, f):
    if k.produk_hukum is None:
        raise AturanDilanggar(aturan.Aturan("C6", "Peraturan Bersama belum dibuat."))
    services.peraturan_unggah_ttd(produk_hukum=k.produk_hukum, oleh=k.user, berkas=f.cleaned_data["berkas"])
    return "Pindaian bertanda tangan tersimpan beserta SHA-256-nya."


def _j_undangkan(k, f):
    d = f.cleaned_data
    services.peraturan_undangkan(kerja_sama=k.ks, desa=_desa_untuk(k), oleh=k.user, berita_desa_tahun=d["berita_desa_tahun"],
                                 berita_desa_nomor=d["berita_desa_nomor"], sekretaris_desa_nama=d["sekretaris_desa_nama"],
                                 tanggal=d.get("tanggal"))
    return "Pengundangan dalam Berita Desa tercatat."


def _j_tandatangani_perubahan(k, f):
    b = services.perubahan_tandatangani(kerja_sama=k.ks, desa=_desa_untuk(k), oleh=k.user,
                                        kepala_desa_nama=f.cleaned_data["kepala_desa_nama"],
                                        tanggal=f.cleaned_data.get("tanggal"))
    return f"Peraturan perubahan ditandatangani untuk Desa {b.desa.nama} dengan nomor {b.nomor_lengkap} tahun {b.tahun_peraturan}."


def _j_undangkan_perubahan(k, f):
    d = f.cleaned_data
    services.perubahan_undangkan(kerja_sama=k.ks, desa=_desa_untuk(k), oleh=k.user, berita_desa_tahun=d["berita_desa_tahun"],
                                 berita_desa_nomor=d["berita_desa_nomor"], sekretaris_desa_nama=d["sekretaris_desa_nama"],
                                 tanggal=d.get("tanggal"))
    return "Pengundangan peraturan perubahan dalam Berita Desa tercatat."


def _j_tandatangani_perubahan_pihak_ketiga(k, f):
    d = f.cleaned_data
    services.perubahan_tandatangani_pihak_ketiga(
        kerja_sama=k.ks, oleh=k.user, penandatangan_nama=d["penandatangan_nama"],
        penandatangan_jabatan=d["penandatangan_jabatan"], nomor=d["nomor"], tanggal=d.get("tanggal"))
    return "Tanda tangan pihak ketiga pada perubahan perjanjian tercatat."


def nama_dokumen(ks, ph) -> str:
    """A legal document of the agreement as the people of the desa know it: "Peraturan Bersama Kepala Desa" for
    the first, "Perubahan atas …" / "Perubahan Kedua atas …" for its amendments (the ordinal of the amendment's
    own title, ``dokumen_perubahan._ke``), counted among the agreement's documents already loaded."""
    if ph.mengubah_id is None:
        return ph.get_jenis_display()
    from .dokumen_perubahan import _ke

    asal = next((p for p in ks.produk_hukum.all() if p.pk == ph.mengubah_id), None)
    ke = sum(1 for p in ks.produk_hukum.all() if p.mengubah_id == ph.mengubah_id and p.pk <= ph.pk)
    return f"{_ke(ke)} {asal.get_jenis_display() if asal else ph.get_jenis_display()}"


def _j_sebarluaskan(k, f):
    d = f.cleaned_data
    dokumen = nama_dokumen(k.ks, k.sebarluas) if k.sebarluas else "Peraturan Bersama"
    b = services.peraturan_sebarluaskan(kerja_sama=k.ks, desa=_desa_untuk(k), oleh=k.user, cara=d["cara"],
                                        produk_hukum=k.sebarluas, tanggal=d.get("tanggal"), keterangan=d["keterangan"],
                                        bukti_berkas=d.get("bukti_berkas"))
    return f"Penyebarluasan {dokumen} di Desa {b.desa.nama} tercatat."


def _j_laporan(k, f):
    d = f.cleaned_data
    services.laporan_kirim(kerja_sama=k.ks, oleh=k.user, periode=d["periode"], isi=d["isi"], lampiran=d.get("lampiran"))
    return "Laporan pelaksanaan terkirim."


def _j_perubahan(k, f):
    d = f.cleaned_data
    services.perubahan_ajukan(kerja_sama=k.ks, oleh=k.user, jenis=d["jenis"], uraian=d["uraian"], alasan=d["alasan"],
                              isi_baru=f.isi_baru())
    return "Perubahan diajukan; putuskan melalui musyawarah semua pihak."


def _j_putuskan_perubahan(k, f):
    if k.perubahan is None:
        raise AturanDilanggar(aturan.Aturan("ALUR", "Tidak ada perubahan yang menunggu keputusan."))
    d = f.cleaned_data
    services.perubahan_putuskan(perubahan=k.perubahan, oleh=k.user, musyawarah=d["musyawarah"],
                                disepakati=d["disepakati"], tanggal_efektif=d.get("tanggal_efektif"))
    return "Keputusan perubahan tercatat."


def _j_lanjutkan(k, f):
    services.kerjasama_lanjutkan(kerja_sama=k.ks, oleh=k.user, musyawarah=f.cleaned_data["musyawarah"])
    return "Kerja sama dilanjutkan."


def _j_perselisihan(k, f):
    services.perselisihan_ajukan(kerja_sama=k.ks, oleh=k.user, uraian=f.cleaned_data["uraian"])
    return "Perselisihan diajukan; selesaikan lebih dahulu secara musyawarah para pihak."


def _j_eskalasi(k, f):
    if k.perselisihan is None:
        raise AturanDilanggar(aturan.R14, "Tidak ada perselisihan yang sedang berjalan.")
    ps = services.perselisihan_eskalasi(perselisihan=k.perselisihan, oleh=k.user)
    return f"Perselisihan diteruskan: {huruf_kecil_awal(ps.get_tingkat_display())}."


def _opsi_selesaikan(k: Konteks) -> dict:
    """At the camat's or the bupati's facilitation the berita acara is required (R14)."""
    fasilitasi = (StatusPerselisihan.FASILITASI_CAMAT, StatusPerselisihan.FASILITASI_BUPATI)
    return {"ba_wajib": k.perselisihan is not None and k.perselisihan.status in fasilitasi}


def _j_selesaikan(k, f):
    if k.perselisihan is None:
        raise AturanDilanggar(aturan.R14, "Tidak ada perselisihan yang sedang berjalan.")
    d = f.cleaned_data
    services.perselisihan_selesaikan(perselisihan=k.perselisihan, oleh=k.user, hasil=d["hasil"], berlanjut=d["berlanjut"],
                                     berita_acara=d.get("berita_acara"))
    return "Penyelesaian perselisihan tercatat."


def _j_akhiri(k, f):
    d = f.cleaned_data
    services.kerjasama_akhiri(kerja_sama=k.ks, oleh=k.user, alasan=d["alasan"], musyawarah=d["musyawarah"])
    return "Kerja sama berakhir."


def _j_tutup(k, f):
    services.kerjasama_tutup(kerja_sama=k.ks, oleh=k.user, laporan_akhir=f.cleaned_data["laporan_akhir"])
    return "Kerja sama ditutup dengan laporan akhir."


def _j_batalkan(k, f):
    services.kerjasama_batalkan(kerja_sama=k.ks, oleh=k.user, alasan=f.cleaned_data["alasan"])
    return "Rencana kerja sama dibatalkan."


def _j_komentar(k, f):
    services.komentar_tambah(kerja_sama=k.ks, oleh=k.user, teks=f.cleaned_data["teks"])
    return "Komentar tercatat pada linimasa."


def _j_jawab_pihak_ketiga(k, f):
    d = f.cleaned_data
    services.penawaran_jawab_pihak_ketiga(kerja_sama=k.ks, oleh=k.user, diterima=d["diterima"], catatan=d["catatan"],
                                          tanggal=d.get("tanggal"), surat_jawaban=d.get("surat_jawaban"))
    return ("Penawaran diterima. Susun rancangan Perjanjian Bersama." if d["diterima"]
            else "Penawaran ditolak; rencana kerja sama berakhir.")


def _j_tandatangani_pihak_ketiga(k, f):
    d = f.cleaned_data
    services.perjanjian_tandatangani_pihak_ketiga(
        kerja_sama=k.ks, oleh=k.user, penandatangan_nama=d["penandatangan_nama"],
        penandatangan_jabatan=d["penandatangan_jabatan"], nomor=d["nomor"], tanggal=d.get("tanggal"),
        bukti_berkas=d.get("bukti_berkas"),
    )
    return f"Tanda tangan {k.ks.pihak_ketiga} tercatat."


def _j_berlakukan(k, f):
    services.kerjasama_berlakukan(kerja_sama=k.ks, oleh=k.user)
    return "Perjanjian Bersama mulai berlaku."


def _j_proses_hukum(k, f):
    if k.perselisihan is None:
        raise AturanDilanggar(aturan.R14, "Tidak ada perselisihan yang sedang berjalan.")
    services.perselisihan_proses_hukum(perselisihan=k.perselisihan, oleh=k.user, uraian=f.cleaned_data["uraian"])
    return "Perselisihan diajukan ke proses hukum; catat putusannya setelah ada."


def _awal_tandatangani_pihak_ketiga(k):
    pk = k.ks.pihak_ketiga
    return {"penandatangan_nama": pk.penanggung_jawab_nama, "penandatangan_jabatan": pk.penanggung_jawab_jabatan} if pk else {}


def _awal_tandatangani(k):
    """The signer's name to start with: a person's name the records hold (my desa's signer of the document being
    amended, the desa's latest signer, the kepala desa's own name), never the office title (§D1)."""
    sebelumnya = k.peserta_saya.kepala_desa_nama if k.peserta_saya and k.dokumen_perubahan else ""
    return {"kepala_desa_nama": penanda_tangan.nama_kepala_desa_awal(k.user, k.desa_saya, sebelumnya=sebelumnya)}


AKSI: dict[str, Aksi] = {a.nama: a for a in [
    Aksi("siapkan", "Mulai persiapan", forms.KonfirmasiForm, _j_siapkan,
         "Kepala desa telah menginventarisasi potensi dan menetapkan skala prioritas kerja sama "
         "(Permendagri 96/2017 Pasal 13 ayat (2) huruf a–b)."),
    Aksi("musdes", "Catat Musyawarah Desa", forms.MusyawarahForm, _j_musdes,
         "Musyawarah Desa diselenggarakan BPD dan menyepakati (atau tidak) kerja sama ini "
         "(R6, UU 6/2014 Pasal 54 ayat (2) huruf c; Permendagri 96/2017 Pasal 13 ayat (2)).", berkas=True),
    Aksi("rpjmdes", "Konfirmasi RPJM Desa dan RKP Desa", forms.RpjmdesForm, _j_rpjmdes,
         "Bidang yang dikerjasamakan harus tercantum dalam RPJM Desa dan RKP Desa (R8)."),
    Aksi("kirim_penawaran", "Kirim surat penawaran", forms.KirimPenawaranForm, _j_kirim_penawaran,
         "Satu surat penawaran bernomor untuk setiap desa mitra, memuat isi kerja sama (R16, Permendagri 96/2017 "
         "Pasal 13 ayat (3))."),
    Aksi("jawab", "Jawab penawaran", forms.JawabPenawaranForm, _j_jawab,
         "Sebelum menerima, desa Anda menyepakatinya dalam Musyawarah Desa (R6) dan memastikan bidangnya ada "
         "dalam RPJM Desa dan RKP Desa (R8)."),
    Aksi("tuntaskan_penawaran", "Tuntaskan penawaran", forms.KonfirmasiForm, _j_tuntaskan_penawaran,
         "Batas jawaban telah lewat: penawaran yang belum dijawab dianggap ditolak (Permendagri 96/2017 Pasal 13 "
         "ayat (3)). Bila ada desa yang menerima, rancangan disusun bersama desa itu (R1); bila tidak ada, rencana "
         "batal. Tanpa langkah ini sistem menuntaskannya pada pemrosesan harian."),
    Aksi("ajukan", "Ajukan rancangan ke kabupaten", forms.KonfirmasiForm, _j_ajukan,
         "Rancangan Peraturan Bersama harus memuat delapan isi wajib (R5) dan susunan BKAD (R11)."),
    Aksi("verifikasi", "Verifikasi rancangan", forms.CatatanForm, _j_verifikasi,
         "Dinas PMD memeriksa peserta (R1, R3), isi wajib (R5), Musdes tiap desa (R6) dan RPJM/RKP Desa (R8)."),
    Aksi("kembalikan", "Kembalikan dengan catatan", forms.CatatanWajibForm, _j_kembalikan,
         "Rancangan kembali ke desa pemrakarsa untuk diperbaiki.", bahaya=True),
    Aksi("mad", "Catat Musyawarah Antar Desa", forms.MusyawarahAntarDesaForm, _j_mad,
         "MAD yang dihadiri semua desa peserta menyepakati rancangan Peraturan Bersama (R7, UU 6/2014 Pasal 92 ayat (2)).",
         opsi=_opsi_mad, berkas=True),
    Aksi("musyawarah", "Catat musyawarah para pihak", forms.MusyawarahAntarDesaForm, _j_musyawarah,
         "Perubahan, penundaan, pembatalan, atau pengakhiran disepakati dalam musyawarah semua pihak (R13, "
         "PP 43/2014 Pasal 145–146).", opsi=_opsi_mad, berkas=True),
    Aksi("tandatangani", "Tanda tangani Peraturan Bersama", forms.TandatanganiForm, _j_tandatangani,
         "Nomor Peraturan Bersama diambil dari nomor urut desa Anda tahun ini. Berlaku setelah semua kepala desa "
         "menandatangani (R12, PP 43/2014 Pasal 88 ayat (2)).", initial=_awal_tandatangani),
    Aksi("unggah_ttd", "Unggah pindaian bertanda tangan", forms.UnggahTtdForm, _j_unggah_ttd,
         "Pindaian disimpan di samping PDF yang dibuat aplikasi, dengan SHA-256-nya.", berkas=True),
    Aksi("undangkan", "Catat Berita Desa", forms.UndangkanForm, _j_undangkan,
         "Sekretaris desa mengundangkan Peraturan Bersama dalam Berita Desa (R12, PP 43/2014 Pasal 88 ayat (3))."),
    Aksi("tandatangani_perubahan", "Tanda tangani peraturan perubahan", forms.TandatanganiForm, _j_tandatangani_perubahan,
         "Perubahan yang disepakati musyawarah semua pihak ditetapkan dengan Peraturan Bersama baru yang mengubah yang "
         "lama; nomornya diambil dari nomor urut Peraturan Bersama desa Anda tahun ini (R12, R13).",
         initial=_awal_tandatangani),
    Aksi("undangkan_perubahan", "Catat Berita Desa peraturan perubahan", forms.UndangkanForm, _j_undangkan_perubahan,
         "Perubahan berlaku setelah diundangkan dalam Berita Desa setiap desa (R12, PP 43/2014 Pasal 88 ayat (3))."),
    Aksi("tandatangani_perubahan_pihak_ketiga", "Catat tanda tangan pihak ketiga pada perubahan",
         forms.TandatanganiPerubahanPihakKetigaForm, _j_tandatangani_perubahan_pihak_ketiga,
         "Perubahan Perjanjian Bersama berlaku setelah ditandatangani kepala desa dan pihak ketiga (R12, PP 43/2014 "
         "Pasal 143 ayat (3)).", initial=_awal_tandatangani_pihak_ketiga),
    Aksi("sebarluaskan", "Catat penyebarluasan", forms.SebarluaskanForm, _j_sebarluaskan,
         "Peraturan Bersama yang telah diundangkan disebarluaskan kepada masyarakat desa, mis. di papan pengumuman, "
         "situs web desa, atau Musyawarah Desa (R12, PP 43/2014 Pasal 88 ayat (3)).", berkas=True),
    Aksi("laporan", "Kirim laporan pelaksanaan", forms.LaporanForm, _j_laporan,
         "BKAD melapor kepada kepala desa, tembusan BPD dan bupati/wali kota melalui camat.", berkas=True),
    Aksi("perubahan", "Ajukan perubahan", forms.PerubahanForm, _j_perubahan,
         "Perubahan, penundaan, pembatalan, atau pengakhiran diputuskan dalam musyawarah semua pihak (R13)."),
    Aksi("putuskan_perubahan", "Putuskan perubahan", forms.PutuskanPerubahanForm, _j_putuskan_perubahan,
         "Keputusan berdasarkan musyawarah yang melibatkan semua pihak (R13, PP 43/2014 Pasal 145–147).",
         opsi=_opsi_musyawarah_pilih),
    Aksi("lanjutkan", "Lanjutkan kerja sama", forms.LanjutkanForm, _j_lanjutkan,
         "Kerja sama yang ditangguhkan dilanjutkan atas kesepakatan semua pihak (R13).", opsi=_opsi_musyawarah_pilih),
    Aksi("perselisihan", "Ajukan perselisihan", forms.PerselisihanForm, _j_perselisihan,
         "Perselisihan diselesaikan lebih dahulu secara musyawarah para pihak (R14, PP 43/2014 Pasal 148)."),
    Aksi("eskalasi", "Teruskan perselisihan ke fasilitator", forms.KonfirmasiForm, _j_eskalasi,
         "Bila musyawarah tidak menyelesaikan: camat untuk desa dalam satu kecamatan, bupati/wali kota untuk "
         "desa lintas kecamatan (R14, PP 43/2014 Pasal 148)."),
    Aksi("selesaikan_perselisihan", "Catat penyelesaian perselisihan", forms.SelesaikanPerselisihanForm, _j_selesaikan,
         "Hasil penyelesaian bersifat final dan dituangkan dalam berita acara (R14).", berkas=True,
         opsi=_opsi_selesaikan),
    Aksi("akhiri", "Akhiri kerja sama", forms.AkhiriForm, _j_akhiri,
         "Kerja sama berakhir karena alasan PP 43/2014 Pasal 147; selain habisnya jangka waktu, disepakati dalam "
         "musyawarah semua pihak (R13).", opsi=_opsi_musyawarah_pilih, bahaya=True),
    Aksi("tutup", "Tutup dengan laporan akhir", forms.TutupForm, _j_tutup,
         "Laporan akhir, termasuk serah terima aset hasil kerja sama."),
    Aksi("batalkan", "Batalkan rencana", forms.BatalkanForm, _j_batalkan,
         "Rencana ditarik sebelum penawaran dikirim.", bahaya=True),
    Aksi("komentar", "Kirim komentar", KomentarPeranForm, _j_komentar,
         "Catatan pada linimasa, dibaca semua pihak kerja sama ini.", opsi=lambda k: {"peran": k.user.role}),
    # §C2 kerja sama dengan pihak ketiga (UU 6/2014 Pasal 93; PP 43/2014 Pasal 143 ayat (3)–(4)).
    Aksi("jawab_pihak_ketiga", "Catat jawaban penawaran", forms.JawabPihakKetigaForm, _j_jawab_pihak_ketiga,
         "Jawaban atas penawaran kerja sama dengan pihak ketiga. Menerima memerlukan Musyawarah Desa yang menyepakati "
         "(R6, UU 6/2014 Pasal 93 ayat (2)).", berkas=True),
    Aksi("tandatangani_pihak_ketiga", "Catat tanda tangan pihak ketiga", forms.TandatanganiPihakKetigaForm,
         _j_tandatangani_pihak_ketiga,
         "Perjanjian Bersama ditandatangani kepala desa dan pihak ketiga (R12, PP 43/2014 Pasal 143 ayat (3)); "
         "nama, jabatan dan nomor pihak ketiga dicetak pada Perjanjian Bersama.",
         berkas=True, initial=_awal_tandatangani_pihak_ketiga),
    Aksi("berlakukan", "Mulai berlaku", forms.KonfirmasiForm, _j_berlakukan,
         "Perjanjian Bersama berlaku sejak tanggal mulai jangka waktunya (PP 43/2014 Pasal 143 ayat (4) huruf d); "
         "tidak diundangkan dalam Berita Desa (R4)."),
    Aksi("proses_hukum", "Ajukan ke proses hukum", forms.ProsesHukumForm, _j_proses_hukum,
         "Perselisihan dengan pihak ketiga yang tidak selesai melalui musyawarah dan fasilitasi dapat diselesaikan "
         "melalui jalur hukum (R14, PP 43/2014 Pasal 148).", bahaya=True),
]}

# §C2 wording of shared actions: the instrument is a Perjanjian Bersama (R4), the offer goes to (or comes from)
# the third party. (nama → (judul, keterangan))
TEKS_PIHAK_KETIGA = {
    "kirim_penawaran": ("Kirim surat penawaran kepada pihak ketiga",
                        ("Satu surat penawaran bernomor kepada pihak ketiga, memuat isi kerja sama (R16, Permendagri "
                         "96/2017 Pasal 13 ayat (3) dan Pasal 14).")),
    "ajukan": ("Ajukan rancangan ke kabupaten",
               "Rancangan Perjanjian Bersama harus memuat delapan isi wajib (R5, PP 43/2014 Pasal 143 ayat (4))."),
    "verifikasi": ("Verifikasi rancangan",
                   ("Dinas PMD memeriksa para pihak (R-pihak3), isi wajib (R5) dan Musdes desa (R6). Rancangan yang "
                    "diverifikasi menjadi naskah Perjanjian Bersama yang ditandatangani.")),
    "tandatangani": ("Tanda tangani Perjanjian Bersama",
                     ("Nomor Perjanjian Bersama diambil dari nomor urut desa Anda tahun ini. Sah setelah kepala desa "
                      "dan pihak ketiga menandatangani (R12, PP 43/2014 Pasal 143 ayat (3)).")),
    "tandatangani_perubahan": ("Tanda tangani perubahan Perjanjian Bersama",
                               ("Perubahan yang disepakati dituangkan dalam perubahan Perjanjian Bersama; nomornya "
                                "diambil dari nomor urut desa Anda tahun ini (R12, R13).")),
    "unggah_ttd": ("Unggah pindaian Perjanjian Bersama bertanda tangan",
                   "Pindaian disimpan di samping PDF yang dibuat aplikasi, dengan SHA-256-nya."),
    "laporan": ("Kirim laporan pelaksanaan",
                "Kepala desa melapor kepada BPD, tembusan bupati/wali kota melalui camat."),
}
TEKS_PRAKARSA_PIHAK_KETIGA = {
    "kirim_penawaran": ("Catat penawaran dari pihak ketiga",
                        ("Pihak ketiga menawarkan kerja sama kepada desa (Permendagri 96/2017 Pasal 15); desa mencatat "
                         "penawaran yang diterimanya (R16).")),
}


def aksi_untuk(nama: str, ks, k: Konteks | None = None) -> Aksi:
    """The page action ``nama`` worded for this agreement's kind (§C1 or §C2) and, given the user's ``k``, for the
    document it is about (the dissemination of one of several promulgated documents names it)."""
    a = AKSI[nama]
    if nama == "sebarluaskan" and k is not None and k.sebarluas is not None:
        a = replace(a, judul=f"{a.judul} {nama_dokumen(ks, k.sebarluas)}")
    if ks.jenis != JenisKerjaSama.PIHAK_KETIGA:
        return a
    teks = (ks.prakarsa == Prakarsa.PIHAK_KETIGA and TEKS_PRAKARSA_PIHAK_KETIGA.get(nama)) or TEKS_PIHAK_KETIGA.get(nama)
    return replace(a, judul=teks[0], keterangan=teks[1]) if teks else a

# Each row of the transition table that a person starts → the page action that does it.
TRANSISI_KE_AKSI = {
    "siapkan": "siapkan", "musdes_sepakat": "musdes", "musdes_tidak_sepakat": "musdes",
    "konfirmasi_rpjmdes": "rpjmdes", "kirim_penawaran": "kirim_penawaran", "jawab_penawaran": "jawab",
    "ajukan_rancangan": "ajukan", "verifikasi": "verifikasi", "kembalikan": "kembalikan",
    "mad_sepakat": "mad", "mad_tidak_sepakat": "mad", "tandatangani": "tandatangani", "undangkan": "undangkan",
    "lapor": "laporan", "ajukan_perubahan": "perubahan", "setujui_perubahan": "putuskan_perubahan",
    "tolak_perubahan": "putuskan_perubahan", "tangguhkan": "putuskan_perubahan",
    "batalkan_kerja_sama": "putuskan_perubahan", "lanjutkan": "lanjutkan", "ajukan_perselisihan": "perselisihan",
    "eskalasi_perselisihan": "eskalasi", "selesaikan_perselisihan": "selesaikan_perselisihan", "akhiri": "akhiri", "tutup": "tutup", "batalkan": "batalkan",
    # §C2 (in §C1 penawaran_diterima/ditolak are system moves, never offered to a person)
    "penawaran_diterima": "jawab_pihak_ketiga", "penawaran_ditolak": "jawab_pihak_ketiga",
    "tandatangani_pihak_ketiga": "tandatangani_pihak_ketiga", "berlakukan": "berlakukan", "proses_hukum": "proses_hukum",
    # an amendment (§C6 "mengubah") and dissemination
    "tandatangani_perubahan": "tandatangani_perubahan", "undangkan_perubahan": "undangkan_perubahan",
    "tandatangani_perubahan_pihak_ketiga": "tandatangani_perubahan_pihak_ketiga", "sebarluaskan": "sebarluaskan",
    # steps outside the table (tindakan.py)
    "musdes_mitra": "musdes", "musyawarah_para_pihak": "musyawarah", "unggah_ttd": "unggah_ttd", "komentar": "komentar",
    "tuntaskan_penawaran": "tuntaskan_penawaran",
}
# Actions that keep the agreement going rather than wait on this user (left out of "Perlu tindakan Anda").
AKSI_SUKARELA = {"laporan", "perubahan", "perselisihan", "eskalasi", "akhiri", "batalkan", "komentar", "musyawarah", "unggah_ttd",
                 "proses_hukum", "sebarluaskan"}
def aksi_tersedia(k: Konteks) -> list[str]:
    """The page actions this user may take now: the steps of ``tindakan.langkah_tersedia`` (the one answer the
    API gives too), each shown as the page action that does it."""
    hasil: list[str] = []
    for langkah in langkah_tersedia(k):
        nama = TRANSISI_KE_AKSI.get(langkah.aksi)
        if nama and nama not in hasil:
            hasil.append(nama)
    return hasil


def tautan_penyusunan(k: Konteks) -> list[tuple[str, str]]:
    """Links to the drafting pages (wizard, BKAD, contributions) this user may use now."""
    ks, pl = k.ks, k.pelaku
    hasil = []
    if W.PEMDES_PEMRAKARSA in pl and ks.status in services.STATUS_ISI_TERBUKA:
        if ks.status in W.SEBELUM_PENAWARAN:
            hasil.append(("Ubah judul, bidang, desa mitra", reverse("kerjasama:rencana", args=[ks.kode])))
        hasil.append(("Ubah isi kerja sama", reverse("kerjasama:isi", args=[ks.kode])))
        hasil.append(("Kontribusi dana", reverse("kerjasama:kontribusi", args=[ks.kode])))
    if (pl & {W.PEMDES_PEMRAKARSA, W.PMD_KABUPATEN} and ks.status in services.STATUS_BKAD_TERBUKA
            and aturan.punya_bkad(ks)):  # R11: no BKAD with a third party
        hasil.append(("Susunan BKAD", reverse("kerjasama:bkad", args=[ks.kode])))
    return hasil


# -- drafting pages once the content is locked ---------------------------------------------------------

# Each drafting page → the states in which its service accepts a change (the services' own lists) and the
# rule it cites otherwise.
PENYUSUNAN_TERBUKA = {
    "rencana": (W.SEBELUM_PENAWARAN, aturan.MITRA_TERKUNCI),
    "isi": (services.STATUS_ISI_TERBUKA, aturan.ISI_TERKUNCI),
    "kontribusi": (services.STATUS_ISI_TERBUKA, aturan.ISI_TERKUNCI),
    "bkad": (services.STATUS_BKAD_TERBUKA, aturan.BKAD_WAKTU),
}


def alasan_terkunci(ks, halaman: str) -> str:
    """Why the drafting page ``halaman`` can no longer change this agreement ("" while it can): once every party
    has signed, only an amendment agreed by all parties changes it (R13); otherwise the service's own rule."""
    if halaman == "bkad":
        try:
            aturan.periksa_bkad_antar_desa(ks)
        except AturanDilanggar as exc:
            return exc.pesan
    terbuka, aturan_ = PENYUSUNAN_TERBUKA[halaman]
    if ks.status in terbuka:
        return ""
    if ks.status == S.BATAL:
        return "Rencana kerja sama ini telah dibatalkan; isinya tidak dapat diubah lagi."
    peserta = services.peserta_aktif(list(ks.peserta.all()))
    if peserta and all(p.sudah_tanda_tangan for p in peserta):
        dokumen = "Perjanjian Bersama" if ks.jenis == JenisKerjaSama.PIHAK_KETIGA else "Peraturan Bersama"
        return (f"Kerja sama ini sudah ditandatangani; isinya hanya dapat diubah melalui perubahan {dokumen} yang "
                "disepakati dalam musyawarah semua pihak (R13, PP 43/2014 Pasal 145).")
    return aturan_.pesan


def halaman_terkunci(request, ks, halaman: str, judul: str, alasan: str):
    """A drafting page of a locked agreement: its content read-only, the reason, no form. A POST (nothing is
    saved) is answered 403 with the same page."""
    if request.method == "POST":
        messages.error(request, f"Tidak disimpan. {alasan}")
    bkad_obj = getattr(ks, "bkad", None) if halaman == "bkad" else None
    return render(request, "kerjasama/terkunci.html", {
        "ks": ks, "halaman": halaman, "judul": judul, "alasan": alasan,
        "isi_wajib": _isi_wajib(ks) if halaman == "isi" else [],
        "bidang": [forms.Bidang(b).label for b in ks.bidang if b in forms.Bidang.values],
        "mitra": [p.desa for p in ks.peserta.all() if p.peran == PeranPeserta.MITRA] if halaman == "rencana" else [],
        "bkad": bkad_obj, "anggota": list(bkad_obj.anggota.all()) if bkad_obj else [],
        "kontribusi": list(ks.kontribusi.all()) if halaman == "kontribusi" else [],
    }, status=403 if request.method == "POST" else 200)


# -- wizard ------------------------------------------------------------------------------------------

LANGKAH_WIZARD = ["Judul, bidang, mitra", "Isi kerja sama", "Tinjau"]
LANGKAH_WIZARD_PIHAK_KETIGA = ["Judul, bidang, pihak ketiga", "Isi kerja sama", "Tinjau"]


def _langkah_wizard(jenis: str) -> list[str]:
    return LANGKAH_WIZARD_PIHAK_KETIGA if jenis == JenisKerjaSama.PIHAK_KETIGA else LANGKAH_WIZARD


def _pihak_ketiga_qs(user):
    """Third parties registered in the user's kabupaten (scoped), for the §C2 wizard."""
    return queries.pihak_ketiga_list(user).filter(kabupaten__kode=(user.wilayah_kode or "")[:5])


def _jenis_diminta(request) -> str:
    jenis = (request.POST if request.method == "POST" else request.GET).get("jenis", "")
    return JenisKerjaSama.PIHAK_KETIGA if jenis == JenisKerjaSama.PIHAK_KETIGA else JenisKerjaSama.ANTAR_DESA


def _hasil_mitra(user, q: str, terpilih: list[str]) -> dict:
    """The search results (chosen desa left out) and whether the only matches are already chosen."""
    if not q.strip():
        return {"hasil": [], "sudah_terpilih": False}
    qs = DesaFilterSet(data={"q": q[:BATAS_CARI]}, queryset=queries.desa_calon_mitra(user)).qs
    hasil = list(qs.exclude(kode__in=terpilih)[:BATAS_HASIL_MITRA])
    sudah = not hasil and bool(terpilih) and qs.filter(kode__in=terpilih).exists()
    return {"hasil": hasil, "sudah_terpilih": sudah}


def _mitra_terpilih(user, kode: list[str]) -> list:
    """The chosen partners (every ticked ``mitra`` box, in the list or still in the results), in the order
    they were ticked; codes outside the user's candidates are left for the form to refuse (R2, R3)."""
    kode = list(dict.fromkeys(k for k in kode if k))
    if not kode:
        return []
    ketemu = {d.kode: d for d in queries.desa_calon_mitra(user).filter(kode__in=kode)}
    return [ketemu[k] for k in kode if k in ketemu]


def _render_rencana(request, form, *, ks=None, status=200):
    user = request.user
    jenis = ks.jenis if ks else _jenis_diminta(request)
    terpilih_kode = form["mitra"].value() if form.is_bound else form.initial.get("mitra", [])
    terpilih_kode = terpilih_kode or []
    terpilih = _mitra_terpilih(user, terpilih_kode)
    q = request.POST.get("q", "") if request.method == "POST" else request.GET.get("q", "")
    return render(request, "kerjasama/rencana.html", {
        "form": form, "ks": ks, "terpilih": terpilih, "q": q, **_hasil_mitra(user, q, terpilih_kode),
        "langkah": 1, "langkah_wizard": _langkah_wizard(jenis), "desa": _desa_sendiri(user),
        "jenis": jenis, "pihak_ketiga": JenisKerjaSama.PIHAK_KETIGA,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def buat(request):
    """Wizard step 1 for a new plan: title, bidang and partner desa. Saving creates the DRAFT."""
    user = request.user
    desa = _desa_sendiri(user)
    opsi = {"calon_mitra": queries.desa_calon_mitra(user), "pihak_ketiga_qs": _pihak_ketiga_qs(user)}
    if request.method == "POST":
        form = forms.RencanaForm(request.POST, **opsi)
        if "cari" in request.POST:  # no-JS search: same page, nothing lost
            return _render_rencana(request, form)
        if form.is_valid():
            d = form.cleaned_data
            c2 = {}
            if d["jenis"] == JenisKerjaSama.PIHAK_KETIGA:  # §C2: R-pihak3 is the service's to check
                c2 = {"jenis": d["jenis"], "pihak_ketiga": d["pihak_ketiga"], "prakarsa": d["prakarsa"]}
            try:
                ks = services.kerjasama_buat(oleh=user, desa_pemrakarsa=desa, judul=d["judul"], mitra=d["mitra"],
                                             bidang=d["bidang"], **c2)
            except GALAT_LAYANAN as exc:
                galat_ke_form(form, exc)
            else:
                messages.success(request, f"Draf {ks.kode} tersimpan. Lanjutkan dengan isi kerja sama.")
                return redirect("kerjasama:isi", kode=ks.kode)
        return _render_rencana(request, form, status=400)
    awal = {"jenis": _jenis_diminta(request), "prakarsa": Prakarsa.DESA}
    dipilih = request.GET.get("pihak_ketiga", "")
    if dipilih.isdigit():  # back from registering a new third party
        awal["pihak_ketiga"] = int(dipilih)
    return _render_rencana(request, forms.RencanaForm(initial=awal, **opsi))


@login_required
@require_http_methods(["GET", "POST"])
def rencana(request, kode: str):
    """Wizard step 1 for an existing plan (before the offer): title, bidang, partners."""
    user = request.user
    ks = queries.kerjasama_detail(user, kode)
    k = Konteks.dari(user, ks)
    if W.PEMDES_PEMRAKARSA not in k.pelaku:
        raise PermissionDenied("Hanya pemerintah desa pemrakarsa yang menyusun rencana ini.")
    alasan = alasan_terkunci(ks, "rencana")
    if alasan:
        return halaman_terkunci(request, ks, "rencana", "Judul, bidang, dan desa mitra", alasan)
    mitra_lama = [p.desa.kode for p in k.peserta if p.peran == PeranPeserta.MITRA]
    if request.method == "POST":
        form = forms.RencanaForm(request.POST, calon_mitra=queries.desa_calon_mitra(user))
        if "cari" in request.POST:
            return _render_rencana(request, form, ks=ks)
        # The kind and the third party are fixed once drafted; partners smuggled into a §C2 plan reach the
        # service, which refuses them (R-pihak3).
        if form.is_valid():
            d = form.cleaned_data
            try:
                # One step of the wizard, two acts of the same person: both or neither.
                with transaction.atomic():
                    if d["judul"] != ks.judul or list(d["bidang"]) != list(ks.bidang):
                        services.kerjasama_ubah_isi(kerja_sama=ks, oleh=user, data={"judul": d["judul"], "bidang": d["bidang"]})
                    if [m.kode for m in d["mitra"]] != mitra_lama:
                        services.kerjasama_atur_mitra(kerja_sama=ks, oleh=user, mitra=d["mitra"])
            except GALAT_LAYANAN as exc:
                galat_ke_form(form, exc)
            else:
                messages.success(request, "Judul, bidang dan desa mitra tersimpan.")
                return redirect("kerjasama:isi", kode=ks.kode)
        return _render_rencana(request, form, ks=ks, status=400)
    form = forms.RencanaForm(initial={"judul": ks.judul, "bidang": ks.bidang, "mitra": mitra_lama, "jenis": ks.jenis},
                             calon_mitra=queries.desa_calon_mitra(user))
    return _render_rencana(request, form, ks=ks)


@login_required
@require_http_methods(["GET", "POST"])
def pihak_ketiga_baru(request):
    """Register a third party of the kabupaten for a §C2 plan → services.pihak_ketiga_buat (R-pihak3 on its
    jenis). Back to the wizard with it selected (a desa user) or to the list (the Dinas PMD)."""
    user = request.user
    if request.method == "POST":
        form = forms.PihakKetigaForm(request.POST)
        if form.is_valid():
            try:
                pk = services.pihak_ketiga_buat(oleh=user, data=form.cleaned_data)
            except GALAT_LAYANAN as exc:
                galat_ke_form(form, exc)
            else:
                messages.success(request, f"{pk.nama} terdaftar sebagai pihak ketiga.")
                if _pemdes(user):
                    return redirect(reverse("kerjasama:buat") + f"?jenis={JenisKerjaSama.PIHAK_KETIGA}&pihak_ketiga={pk.pk}")
                return redirect("kerjasama:daftar")
        status = 400
    else:
        form = forms.PihakKetigaForm()
        status = 200
    return render(request, "kerjasama/pihak_ketiga_baru.html", {
        "form": form, "terdaftar": list(_pihak_ketiga_qs(user)[:50]), "pemdes": _pemdes(user),
    }, status=status)


@login_required
def cari_mitra(request):
    """htmx: partner desa matching ``q`` (name or code), as checkboxes for the wizard form, and — swapped
    out of band — the list of chosen partners: every ``mitra`` box ticked anywhere in the picker, so a desa
    ticked in the results moves to that list and is not lost when the next search replaces the results."""
    user = request.user
    _desa_sendiri(user)
    q = request.GET.get("q", "")
    kode = request.GET.getlist("mitra")
    response = render(request, "kerjasama/_hasil_mitra.html", {
        **_hasil_mitra(user, q, kode), "q": q, "terpilih": _mitra_terpilih(user, kode), "oob": True,
    })
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def isi(request, kode: str):
    """Wizard step 2: the eight mandatory items (PP 43/2014 Pasal 143 ayat (4)) with the law's defaults."""
    user = request.user
    ks = queries.kerjasama_get(user, kode)
    if W.PEMDES_PEMRAKARSA not in pelaku(user, ks):
        raise PermissionDenied("Hanya pemerintah desa pemrakarsa yang menyusun isi kerja sama.")
    alasan = alasan_terkunci(ks, "isi")
    if alasan:
        return halaman_terkunci(request, ks, "isi", "Isi kerja sama", alasan)
    if request.method == "POST":
        form = forms.IsiForm(request.POST, instance=ks)
        if form.is_valid():
            try:
                services.kerjasama_ubah_isi(kerja_sama=ks, oleh=user, data=form.cleaned_data)
            except GALAT_LAYANAN as exc:
                galat_ke_form(form, exc)
            else:
                messages.success(request, "Isi kerja sama tersimpan.")
                return redirect("kerjasama:tinjau", kode=ks.kode)
    else:
        form = forms.IsiForm(instance=ks)
    return render(request, "kerjasama/isi.html", {
        "form": form, "ks": ks, "langkah": 2, "langkah_wizard": _langkah_wizard(ks.jenis),
        "bidang": [forms.Bidang(b).label for b in ks.bidang if b in forms.Bidang.values],
    }, status=400 if form.errors else 200)


@login_required
def tinjau(request, kode: str):
    """Wizard step 3: the whole plan at a glance, what is still missing, and the next step."""
    user = request.user
    ks = queries.kerjasama_detail(user, kode)
    k = Konteks.dari(user, ks)
    return render(request, "kerjasama/tinjau.html", {
        "ks": ks, "k": k, "langkah": 3, "langkah_wizard": _langkah_wizard(ks.jenis),
        "kurang": aturan.isi_kurang(ks), "kurang_penawaran": aturan.isi_kurang(ks, aturan.ISI_PENAWARAN),
        "isi_wajib": _isi_wajib(ks), "bisa_siapkan": "siapkan" in aksi_tersedia(k),
    })


def _isi_wajib(ks) -> list[dict]:
    """The eight items in the order of the law, with their text (for review and detail)."""
    from inti.format import tanggal

    hasil = []
    for i, (nama, label) in enumerate(aturan.ISI_WAJIB):
        huruf = "abcdefgh"[i]
        if nama == "bidang":
            teks = "; ".join(forms.Bidang(b).label for b in ks.bidang if b in forms.Bidang.values)
        elif nama == "jangka_waktu":
            teks = (f"{tanggal(ks.tanggal_mulai)} s.d. {tanggal(ks.tanggal_selesai)}"
                    if ks.tanggal_mulai and ks.tanggal_selesai else "")
        else:
            teks = getattr(ks, nama)
        hasil.append({"huruf": huruf, "label": label, "teks": teks})
    return hasil


# -- BKAD and contributions --------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def bkad(request, kode: str):
    """The BKAD and its members (R11, PP 43/2014 Pasal 144) → services.bkad_simpan."""
    user = request.user
    ks = queries.kerjasama_detail(user, kode)
    k = Konteks.dari(user, ks)
    desa_qs = _desa_aktif_qs(k)
    alasan = alasan_terkunci(ks, "bkad")
    if alasan:
        return halaman_terkunci(request, ks, "bkad", "Badan Kerja Sama Antar-Desa", alasan)
    ada = getattr(ks, "bkad", None)
    if request.method == "POST":
        form = forms.BKADForm(request.POST)
        formset = forms.AnggotaBKADFormSet(request.POST, prefix="anggota", desa_qs=desa_qs)
        if form.is_valid() and formset.is_valid():
            anggota = [{k_: v for k_, v in b.items() if k_ != "DELETE"} for b in formset.baris()]
            try:
                services.bkad_simpan(kerja_sama=ks, oleh=user, nama=form.cleaned_data["nama"], anggota=anggota,
                                     periode_mulai=form.cleaned_data["periode_mulai"],
                                     periode_selesai=form.cleaned_data["periode_selesai"])
            except GALAT_LAYANAN as exc:
                galat_ke_form(form, exc)
            else:
                messages.success(request, "Susunan BKAD tersimpan.")
                return redirect("kerjasama:detail", kode=ks.kode)
    else:
        awal = [{"nama": a.nama, "asal_desa": a.asal_desa_id, "unsur": a.unsur, "jabatan": a.jabatan,
                 "jenis_kelamin": a.jenis_kelamin} for a in (ada.anggota.all() if ada else [])]
        form = forms.BKADForm(initial={"nama": ada.nama, "periode_mulai": ada.periode_mulai,
                                       "periode_selesai": ada.periode_selesai} if ada else
                              {"nama": f"BKAD Kecamatan {ks.desa_pemrakarsa.kecamatan.nama}"})
        formset = forms.AnggotaBKADFormSet(initial=awal, prefix="anggota", desa_qs=desa_qs)
    peringatan = aturan.peringatan_bkad(ks, k.desa_aktif()) if ada else []
    galat = bool(form.errors or (formset.is_bound and not formset.is_valid()))
    return render(request, "kerjasama/bkad.html", {
        "ks": ks, "form": form, "formset": formset, "peringatan": peringatan,
    }, status=400 if galat else 200)


@login_required
@require_http_methods(["GET", "POST"])
def kontribusi(request, kode: str):
    """Contributions of each party, from which budget (R9) → services.kontribusi_simpan."""
    user = request.user
    ks = queries.kerjasama_detail(user, kode)
    k = Konteks.dari(user, ks)
    alasan = alasan_terkunci(ks, "kontribusi")
    if alasan:
        return halaman_terkunci(request, ks, "kontribusi", "Kontribusi dana", alasan)
    desa_qs = _desa_aktif_qs(k)
    form = forms.KonfirmasiForm(request.POST or None)
    if request.method == "POST":
        formset = forms.KontribusiFormSet(request.POST, prefix="kontribusi", desa_qs=desa_qs)
        if formset.is_valid():
            baris = [{k_: v for k_, v in b.items() if k_ not in ("DELETE",)} for b in formset.baris()]
            for b in baris:
                b.setdefault("keterangan", "")
            try:
                services.kontribusi_simpan(kerja_sama=ks, oleh=user, baris=baris)
            except GALAT_LAYANAN as exc:
                form.is_valid()
                galat_ke_form(form, exc)
            else:
                messages.success(request, "Kontribusi dana tersimpan.")
                return redirect("kerjasama:detail", kode=ks.kode)
    else:
        awal = [{"desa": x.peserta.desa_id if x.peserta_id else None, "sumber": x.sumber, "tahun_anggaran": x.tahun_anggaran,
                 "nilai": x.nilai, "bentuk": x.bentuk, "keterangan": x.keterangan} for x in ks.kontribusi.all()]
        formset = forms.KontribusiFormSet(initial=awal, prefix="kontribusi", desa_qs=desa_qs)
    galat = bool(form.errors or (formset.is_bound and not formset.is_valid()))
    return render(request, "kerjasama/kontribusi.html", {
        "ks": ks, "form": form, "formset": formset, "peringatan": aturan.peringatan_kontribusi(ks),
    }, status=400 if galat else 200)


# -- the agreement page -------------------------------------------------------------------------------

def _bukti_linimasa(bukti: list[dict], *, berkas: set[int], pdf: set[int]) -> list[dict]:
    """A step's evidence (``LangkahKerjaSama.bukti``: model, id, title) with a link where the reader may open it.

    An evidence file links to its download and a legal document to its stored PDF, but only when the row
    is among those the page already read through the scope gate (``berkas``: ids of ``ks.dokumen_bukti``,
    ``pdf``: ids of ``ks.produk_hukum`` with a file): no extra query, and nothing out of scope gets a link."""
    baris = []
    for b in bukti:
        url = ""
        if b.get("model") == "Dokumen" and b.get("id") in berkas:
            url = reverse("kerjasama:dokumen_unduh", args=[b["id"]])
        elif b.get("model") == "ProdukHukum" and b.get("id") in pdf:
            url = reverse("kerjasama:produk_hukum_pdf", args=[b["id"]])
        baris.append({"judul": b.get("judul", ""), "url": url})
    return baris


def _linimasa(ks) -> list[dict]:
    """The timeline rows: when, who (and for which desa), what, from → to, notes, evidence."""
    label_status = dict(StatusKerjaSama.choices)
    label_aksi = {t.aksi: t.label for t in W.alur_untuk(ks)}
    label_aksi.update({
        "buat": "Draf dibuat", "ubah_isi": "Isi diubah", "atur_mitra": "Desa mitra diatur", "susun_bkad": "BKAD disusun",
        "komentar": "Komentar", "musdes_mitra": "Musdes desa mitra dicatat", "musdes_ditunda": "Musdes ditunda",
        "unggah_ttd": "Pindaian bertanda tangan diunggah", "eskalasi_perselisihan": "Perselisihan diteruskan",
        "buat_ulang_pdf": "PDF dibuat ulang",
    })
    label_kolom = {f.name: str(f.verbose_name) for f in type(ks)._meta.concrete_fields}
    berkas = {d.pk for d in getattr(ks, "dokumen_bukti", [])}
    pdf = {p.pk for p in ks.produk_hukum.all() if p.file_pdf}
    baris = []
    for lk in ks.langkah.all():
        catatan = lk.catatan
        if lk.aksi == "ubah_isi" and catatan:  # the service notes the changed field names: show their labels
            catatan = _catatan_ubah_isi(catatan, label_kolom)
        elif lk.aksi == "akhiri":  # steps recorded before the service wrote the reason's words kept its code
            catatan = alasan_berakhir_teks(catatan)
        baris.append({
            "waktu": lk.waktu, "oleh": lk.oleh, "desa": lk.desa, "aksi": label_aksi.get(lk.aksi, lk.aksi),
            "kode_aksi": lk.aksi,
            "dari": label_status.get(lk.dari_status, lk.dari_status), "ke": label_status.get(lk.ke_status, lk.ke_status),
            "pindah": lk.dari_status != lk.ke_status and lk.dari_status, "catatan": catatan,
            "bukti": _bukti_linimasa(lk.bukti, berkas=berkas, pdf=pdf),
        })
    return baris


def _catatan_ubah_isi(catatan: str, label_kolom: dict) -> str:
    """``"ruang_lingkup, hak_kewajiban; baku: tata_cara_perubahan"`` (services.kerjasama_ubah_isi) →
    ``Diubah: ruang lingkup, hak dan kewajiban. Teks baku dipakai: tata cara perubahan, ….``"""
    kalimat = []
    for bagian in catatan.split(";"):
        bagian = bagian.strip()
        awal = "Diubah: "
        if bagian.startswith(services.CATATAN_BAKU):
            bagian, awal = bagian.removeprefix(services.CATATAN_BAKU), "Teks baku dipakai: "
        nama = [label_kolom.get(n.strip(), n.strip()) for n in bagian.split(",") if n.strip()]
        if nama:
            kalimat.append(awal + ", ".join(nama) + ".")
    return " ".join(kalimat)


def batas_jawab_terbuka(k: Konteks) -> dict | None:
    """While offers are open (§C1 timeout): the answer deadline this user should see — a partner's own letter,
    else the earliest deadline still open. ``{"tanggal": date, "milik_saya": bool, "lewat": bool}`` or None;
    ``lewat`` when that deadline has passed (``Konteks.surat_lewat``: the offer is deemed refused)."""
    if k.ks.status != S.PENAWARAN:
        return None
    terbuka = [s for s in k.ks.surat_penawaran.all() if not s.jawaban and s.batas_jawab]
    p = k.peserta_saya
    if p is not None and p.peran == PeranPeserta.MITRA:
        terbuka, milik = [s for s in terbuka if s.kepada_id == p.pk], True
    else:
        milik = False
    if not terbuka:
        return None
    s = min(terbuka, key=lambda s: s.batas_jawab)
    lewat = s in k.surat_lewat
    return {"tanggal": s.batas_jawab, "milik_saya": milik, "lewat": lewat,
            "tuntaskan": lewat and W.PEMDES_PEMRAKARSA in k.pelaku}


@login_required
def detail(request, kode: str):
    """One agreement: status, parties, the eight items, BKAD, contributions, documents, timeline, actions."""
    user = request.user
    ks = queries.kerjasama_detail(user, kode)
    k = Konteks.dari(user, ks)
    aksi = [aksi_untuk(n, ks, k) for n in aksi_tersedia(k)]
    ph = k.produk_hukum
    dokumen_ph = []
    for p in ks.produk_hukum.all():
        dokumen_ph.append({
            "ph": p,
            "pdf": _url_opsional("kerjasama:produk_hukum_pdf", pk=p.pk) if p.file_pdf else "",
            "ttd": _url_opsional("kerjasama:produk_hukum_ttd", pk=p.pk) if p.file_ttd else "",
            # a failed or stuck render this user may queue again (services.produk_hukum_buat_ulang)
            "buat_ulang": services.produk_hukum_boleh_buat_ulang(user, p, pelaku_set=k.pelaku),
        })
    per_id = {p.pk: p for p in ks.produk_hukum.all()}
    perubahan = []
    for x in ks.perubahan.all():
        dph = per_id.get(x.dokumen_id)
        baris = list(dph.penandatangan.all()) if dph else []
        perubahan.append({"x": x, "dokumen": dph, "baris": baris,
                          "ttd": sum(b.sudah_tanda_tangan for b in baris),
                          "diundangkan": sum(bool(b.berita_desa_nomor) for b in baris)})
    aktif = services.peserta_aktif(k.peserta)
    peringatan = aturan.peringatan_penyebarluasan(aktif) if ks.jenis == JenisKerjaSama.ANTAR_DESA else []
    bkad_obj = getattr(ks, "bkad", None)  # None when not formed yet (RelatedObjectDoesNotExist is an AttributeError)
    return render(request, "kerjasama/detail.html", {
        "ks": ks, "k": k, "peserta": k.peserta, "aksi": [a for a in aksi if a.nama != "komentar"],
        "bisa_komentar": "komentar" in {a.nama for a in aksi}, "komentar_form": KomentarPeranForm(peran=user.role),
        "isi_wajib": _isi_wajib(ks), "kurang": aturan.isi_kurang(ks), "bkad": bkad_obj,
        "anggota": list(bkad_obj.anggota.all()) if bkad_obj else [],
        "kontribusi": list(ks.kontribusi.all()), "dokumen_ph": dokumen_ph, "produk_hukum": ph,
        "bukti": getattr(ks, "dokumen_bukti", []), "musyawarah": list(ks.musyawarah.all()),
        "linimasa": _linimasa(ks), "penyusunan": tautan_penyusunan(k),
        "perselisihan": list(ks.perselisihan.all()), "perubahan": perubahan, "peringatan": peringatan,
        "laporan": list(ks.laporan.all()), "surat": list(ks.surat_penawaran.all()),
        "batas_jawab": batas_jawab_terbuka(k),
    })


@login_required
@require_http_methods(["GET", "POST"])
def aksi(request, kode: str, nama: str):
    """One action of the agreement: GET shows its small form, POST calls its ONE service.

    Out of scope → 404 (from the query). A POST always reaches the service, so a refusal answers with the
    rule and article; a GET of an action the user may not take now says so (403) instead of a form.
    """
    definisi = AKSI.get(nama)
    if definisi is None:
        raise Http404("Langkah tidak dikenal.")
    user = request.user
    ks = queries.kerjasama_detail(user, kode)
    k = Konteks.dari(user, ks)
    definisi = aksi_untuk(nama, ks, k)
    tersedia = nama in aksi_tersedia(k)
    opsi = definisi.opsi(k) if definisi.opsi else {}
    if request.method == "POST":
        form = definisi.form(request.POST, request.FILES, **opsi)
        if form.is_valid():
            try:
                pesan = definisi.jalankan(k, form)
            except GALAT_LAYANAN as exc:
                galat_ke_form(form, exc)
            else:
                messages.success(request, pesan)
                return redirect(reverse("kerjasama:detail", args=[ks.kode]) + "#linimasa")
        status = 400
    else:
        form = definisi.form(initial=definisi.initial(k) if definisi.initial else None, **opsi)
        status = 200 if tersedia else 403
    return render(request, "kerjasama/aksi.html", {
        "ks": ks, "k": k, "aksi": definisi, "form": form, "tersedia": tersedia or request.method == "POST",
        "kurang": aturan.isi_kurang(ks) if nama in ("ajukan", "verifikasi", "kirim_penawaran") else [],
    }, status=status)


# -- inbox, review queue, list ------------------------------------------------------------------------

@login_required
def kotak_masuk(request):
    """The partner's inbox: offers waiting for my desa's answer, and my unread notifications, newest first, a
    page at a time with their count (two queries for them whatever their number)."""
    user = request.user
    penawaran = list(queries.penawaran_menunggu(user))
    halaman = Paginator(queries.notifikasi_belum_dibaca(user), PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(request, "kerjasama/kotak_masuk.html", {"penawaran": penawaran, "halaman": halaman})


@login_required
@require_POST
def notifikasi_baca(request):
    """Mark my notifications read (one by ``id``, or all). Only the reader's own rows are touched.

    """
    pk = request.POST.get("id")
    if pk and not pk.isdigit():
        raise Http404
    n = services.notifikasi_tandai_dibaca(oleh=request.user, notifikasi_id=int(pk) if pk else None)
    messages.success(request, f"{n} notifikasi ditandai sudah dibaca.")
    return redirect("kerjasama:kotak_masuk")


@login_required
def antrian(request):
    """The Dinas PMD's review queue: submitted drafts and verified drafts awaiting the MAD, oldest first."""
    user = request.user
    halaman = Paginator(queries.antrian_kabupaten(user), PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(request, "kerjasama/antrian.html", {"halaman": halaman})


def _pilihan_kecamatan(user) -> list[tuple[str, str]]:
    kode = user.wilayah_kode or ""
    if len(kode) < 5:
        return []
    return [(k.kode, k.nama) for k in desa_queries.kecamatan_list(user).filter(kabupaten__kode=kode[:5])]


@login_required
def daftar(request):
    """Agreements in scope, filtered by status, kecamatan, bidang, year or words; paginated."""
    user = request.user
    saring = forms.SaringForm(request.GET or None, kecamatan_choices=_pilihan_kecamatan(user))
    if saring.is_bound:
        saring.is_valid()
    fs = KerjaSamaFilterSet(request.GET, queryset=queries.kerjasama_list(user))
    halaman = Paginator(fs.qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(request, "kerjasama/daftar.html", {
        "halaman": halaman, "saring": saring, "pemdes": _pemdes(user),
        "ada_saringan": any(request.GET.get(n) for n in ("status", "kecamatan", "bidang", "tahun", "q")),
    })


# -- home-page panel (registered from KerjasamaConfig.ready) -----------------------------------------

BATAS_PANEL = 8


def perlu_tindakan(user) -> list[tuple[object, list[Aksi]]]:
    """Agreements (of the least recently moved 200) where this user has a step that others wait on: the
    steps of ``tindakan.langkah_tersedia`` (the page buttons' answer) less the voluntary ones."""
    hasil = []
    for ks in queries.kerjasama_berjalan(user):
        k = Konteks.dari(user, ks)
        if not k.pelaku:
            continue
        nama = {TRANSISI_KE_AKSI.get(lk.aksi) for lk in langkah_tersedia(k)} - AKSI_SUKARELA - {None}
        if nama:
            hasil.append((ks, [aksi_untuk(n, ks) for n in AKSI if n in nama]))
    return hasil


def panel_beranda(request) -> Panel | None:
    """"Perlu tindakan Anda": agreements waiting on this user, and the count of unread notifications."""
    user = request.user
    if not (user.is_authenticated and user.role):
        return None
    daftar_ks = perlu_tindakan(user)
    belum_dibaca = queries.notifikasi_belum_dibaca(user).count()
    tindakan = [
        Tindakan(f"{ks.judul} ({ks.kode}) — {huruf_kecil_awal(ks.get_status_display())}: "
                 + ", ".join(huruf_kecil_awal(a.judul) for a in daftar_aksi),
                 reverse("kerjasama:detail", args=[ks.kode]), "Buka")
        for ks, daftar_aksi in daftar_ks[:BATAS_PANEL]
    ]
    angka = [Angka("Notifikasi belum dibaca", belum_dibaca, reverse("kerjasama:kotak_masuk")),
             Angka("Kerja sama", "Daftar", reverse("kerjasama:daftar"))]
    if user.role == "pmd_kabupaten":
        angka.append(Angka("Antrian verifikasi", "Buka", reverse("kerjasama:antrian")))
    if _pemdes(user):
        angka.append(Angka("Rencana baru", "Buat", reverse("kerjasama:buat")))
    return Panel(
        judul="Kerja sama desa — perlu tindakan Anda",
        keterangan="Kerja sama yang menunggu langkah Anda",
        angka=angka,
        tindakan=tindakan,
        kosong="Tidak ada kerja sama yang menunggu langkah Anda.",
        lainnya=max(len(daftar_ks) - BATAS_PANEL, 0),
        lainnya_url=reverse("kerjasama:daftar"),
    )

