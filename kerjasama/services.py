"""Every write of kerja sama desa: one function per legal act, atomic, row-locked, audited.

Each transition function locks the agreement row (``SELECT … FOR UPDATE``), re-reads its status, finds
its row in ``workflow.ALUR_ANTAR_DESA`` with the actor labels of ``permissions.pelaku``, checks every
rule of ``aturan`` (a refusal names them all), moves the status, writes a timeline step, and tells the
next actors (``notifikasi``) after commit. Pages, API, admin and tasks call these and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from akun.scoping import dalam_lingkup
from desa.models import Desa
from inti import berkas as cek_berkas
from inti import format as fmt
from inti.errors import AturanDilanggar, PelanggaranAturan, kumpulkan
from inti.tanggal import batas_jangka

from . import aturan, notifikasi
from .penanda_tangan import periksa_nama
from . import workflow as W
from .choices import (
    HasilMusyawarah,
    JawabanPenawaran,
    JenisDokumen,
    JenisKerjaSama,
    JenisMusyawarah,
    JenisPerubahan,
    JenisProdukHukum,
    PeranPeserta,
    StatusKerjaSama,
    StatusPenawaran,
    StatusPerselisihan,
    StatusPerubahan,
    StatusProdukHukum,
    TingkatPerselisihan,
    Visibilitas,
    alasan_berakhir_teks,
)
from .models import (
    BKAD,
    BKADAnggota,
    Dokumen,
    KerjaSamaDesa,
    KerjaSamaPeserta,
    KontribusiDana,
    LangkahKerjaSama,
    LaporanKerjaSama,
    Musyawarah,
    NomorUrut,
    PenandatanganDokumen,
    Perselisihan,
    PerubahanKerjaSama,
    ProdukHukum,
    SuratPenawaran,
)
from .permissions import pelaku

ISI_FIELDS = [
    "judul", "bidang", "maksud_tujuan", "ruang_lingkup", "tata_cara_pelaksanaan", "tanggal_mulai", "tanggal_selesai",
    "hak_kewajiban", "pendanaan_uraian", "tata_cara_perubahan", "penyelesaian_perselisihan", "tempat_penetapan",
]
# Content may change while the plan is drafted; after the offer only during drafting of the rancangan.
STATUS_ISI_TERBUKA = (
    StatusKerjaSama.DRAFT, StatusKerjaSama.PERSIAPAN, StatusKerjaSama.DISETUJUI_MUSDES,
    StatusKerjaSama.SIAP_DITAWARKAN, StatusKerjaSama.PENYUSUNAN_RANCANGAN,
)
ISI_TERKUNCI = aturan.ISI_TERKUNCI
# The BKAD is set while the draft is prepared (R11, PP 43/2014 Pasal 144).
STATUS_BKAD_TERBUKA = (StatusKerjaSama.PENYUSUNAN_RANCANGAN, StatusKerjaSama.DIAJUKAN, StatusKerjaSama.DIVERIFIKASI)


# -- helpers --------------------------------------------------------------------------------------

def _kunci(kerja_sama: KerjaSamaDesa) -> KerjaSamaDesa:
    """Lock and re-read the agreement row: two people pressing the same button, one wins."""
    return KerjaSamaDesa.objects.select_for_update().select_related("kabupaten", "desa_pemrakarsa").get(pk=kerja_sama.pk)


def _peserta(ks: KerjaSamaDesa) -> list[KerjaSamaPeserta]:
    return list(ks.peserta.select_related("desa__kecamatan__kabupaten", "musdes").order_by("urutan", "id"))


def peserta_aktif(peserta_list: Iterable[KerjaSamaPeserta]) -> list[KerjaSamaPeserta]:
    """The initiator plus every partner that has not refused (those still bound by the agreement)."""
    return [
        p for p in peserta_list
        if p.peran == PeranPeserta.PEMRAKARSA or p.penawaran_status != StatusPenawaran.DITOLAK
    ]


def _bukti(b) -> dict[str, Any]:
    data = {"model": type(b).__name__, "id": b.pk, "judul": str(b)}
    if isinstance(b, Dokumen):
        data["sha256"] = b.sha256
    return data


def _langkah(ks, aksi, dari, ke, oleh, *, desa=None, catatan="", bukti: Sequence[Any] = ()) -> LangkahKerjaSama:
    return LangkahKerjaSama.objects.create(
        kerja_sama=ks, aksi=aksi, dari_status=dari or "", ke_status=ke or "", oleh=oleh, desa=desa,
        catatan=catatan, bukti=[_bukti(b) for b in bukti],
    )


def _dokumen_dari(objek) -> list[Dokumen]:
    """The evidence files attached to one object (berita acara, daftar hadir …)."""
    ct = ContentType.objects.get_for_model(type(objek))
    return list(Dokumen.objects.filter(content_type=ct, object_id=objek.pk).order_by("id"))


def _jalankan(ks: KerjaSamaDesa, aksi: str, oleh, *, pelaku_set: set[str] | None = None, cek=(), desa=None,
              catatan: str = "", bukti: Sequence[Any] = ()) -> KerjaSamaDesa:
    """Apply one row of the transition table to a locked agreement: actor, rules, status, timeline."""
    if pelaku_set is None:
        pelaku_set = pelaku(oleh, ks)
    t = W.alur_untuk(ks).transisi(ks.status, aksi, pelaku_set)
    kumpulkan(*cek)
    dari = ks.status
    if t.ke:
        ks.status = t.ke
        ks.updated_by = oleh
        ks.save(update_fields=["status", "updated_by", "updated_at"])
    _langkah(ks, aksi, dari, t.ke or dari, oleh, desa=desa, catatan=catatan, bukti=bukti)
    transaction.on_commit(lambda: notifikasi.langkah_selesai(ks.pk, aksi))
    return ks


def _sistem(ks, aksi, oleh, **kw) -> KerjaSamaDesa:
    return _jalankan(ks, aksi, oleh, pelaku_set={W.SISTEM}, **kw)


def _pastikan_peserta(ks, desa: Desa, peserta_list) -> KerjaSamaPeserta:
    for p in peserta_list:
        if p.desa_id == desa.pk:
            return p
    raise ValidationError({"desa": f"{desa.nama} bukan peserta kerja sama ini."})


def _pastikan_desa_sendiri(oleh, desa: Desa) -> None:
    """A desa-level actor acts only for their own desa."""
    if oleh.wilayah_kode and len(oleh.wilayah_kode) == 13 and oleh.wilayah_kode != desa.kode:
        raise AturanDilanggar(W.BUKAN_PELAKU_DESA)


def nomor_berikut(desa: Desa, jenis: str, tahun: int) -> int:
    """Next number in a desa's yearly series, under a row lock (no two documents share a number)."""
    # INSERT … ON CONFLICT DO NOTHING: two first numbers of a year never collide on the counter row.
    NomorUrut.objects.bulk_create([NomorUrut(desa=desa, jenis=jenis, tahun=tahun)], ignore_conflicts=True)
    baris = NomorUrut.objects.select_for_update().get(desa=desa, jenis=jenis, tahun=tahun)
    # Under the counter's lock: never below a number of the series already held by a document (a row
    # written without the counter, e.g. loaded or repaired by hand, is skipped rather than collided with).
    dipakai = [
        model.objects.filter(desa=desa, seri_nomor=jenis, tahun_peraturan=tahun).aggregate(n=Max("nomor_peraturan"))["n"]
        for model in (KerjaSamaPeserta, PenandatanganDokumen)
    ]
    baris.terakhir = max([baris.terakhir, *(n for n in dipakai if n)]) + 1
    baris.save(update_fields=["terakhir"])
    return baris.terakhir


# -- documents (evidence) -------------------------------------------------------------------------

def dokumen_unggah(*, objek, kabupaten, desa: Iterable[Desa], berkas, jenis: str, judul: str, oleh,
                   boleh=("pdf", "jpg", "png"), visibilitas: str = Visibilitas.INTERNAL,
                   nomor: str = "", tanggal: dt.date | None = None, isian: str = "berkas") -> Dokumen:
    """Store one evidence file (PDF or photo, ≤ 10 MB, checked by its bytes) with its SHA-256.

    ``isian`` is the name of the input the file came in (``berita_acara``, ``daftar_hadir`` …): a refusal
    is keyed by it, so the page and the API put it on that input rather than on an unnamed "berkas"."""
    cek_berkas.periksa_unggahan(berkas, boleh=boleh, field=isian)
    dok = Dokumen(
        content_type=ContentType.objects.get_for_model(type(objek)), object_id=objek.pk, kabupaten=kabupaten,
        jenis=jenis, judul=judul, nama_asli=getattr(berkas, "name", "berkas")[:255], ukuran=berkas.size,
        sha256=cek_berkas.sha256_berkas(berkas), nomor=nomor, tanggal=tanggal, visibilitas=visibilitas,
        created_by=oleh, updated_by=oleh,
    )
    dok.file.save(getattr(berkas, "name", "berkas"), berkas, save=False)
    dok.save()
    dok.desa.set(list(desa))
    return dok


# -- third parties (§C2) ----------------------------------------------------------------------------

PIHAK_KETIGA_KOLOM = ("nama", "jenis", "badan_hukum", "nomor_legalitas", "alamat", "penanggung_jawab_nama",
                      "penanggung_jawab_jabatan", "kontak")


def pihak_ketiga_buat(*, oleh, data: dict[str, Any]):
    """Register a third party in the user's kabupaten (UU 6/2014 Pasal 93): by the pemerintah desa (operator
    or kepala desa) or the Dinas PMD kabupaten. R-pihak3: its jenis is swasta/badan usaha, organisasi
    kemasyarakatan or lembaga lainnya (Permendagri 96/2017 Pasal 5). One name once per kabupaten."""
    from desa.models import Kabupaten
    from inti.errors import Aturan

    from .choices import JenisPihakKetiga
    from .models import PihakKetiga

    kode = oleh.wilayah_kode or ""
    boleh = (oleh.role in ("operator_desa", "kepala_desa") and len(kode) == 13) or (
        oleh.role == "pmd_kabupaten" and len(kode) == 5)
    if not boleh:
        raise AturanDilanggar(Aturan("PERAN", "Pihak ketiga didaftarkan oleh pemerintah desa atau Dinas PMD kabupaten."))
    unknown = set(data) - set(PIHAK_KETIGA_KOLOM)
    if unknown:
        raise ValidationError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}.")
    if data.get("jenis") not in JenisPihakKetiga.values:
        raise AturanDilanggar(aturan.R_PIHAK3, "Jenis pihak ketiga: " + ", ".join(
            str(label).lower() for label in JenisPihakKetiga.labels) + ".", field="jenis")
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if data.get("badan_hukum") and not data.get("nomor_legalitas"):
        raise ValidationError({"nomor_legalitas": "Badan hukum: isi nomor akta pendirian atau NIB."})
    with transaction.atomic():
        kabupaten = Kabupaten.objects.get(kode=kode[:5])
        if PihakKetiga.objects.filter(kabupaten=kabupaten, nama__iexact=data.get("nama", "")).exists():
            raise ValidationError({"nama": f"{data['nama']} sudah terdaftar di {kabupaten.nama}; pilih dari daftar."})
        pk = PihakKetiga(kabupaten=kabupaten, created_by=oleh, updated_by=oleh, **data)
        pk.full_clean()
        pk.save()
    return pk


# -- drafting -------------------------------------------------------------------------------------

def kerjasama_buat(*, oleh, desa_pemrakarsa: Desa, judul: str, mitra: Sequence[Desa] = (),
                   jenis: str = JenisKerjaSama.ANTAR_DESA, pihak_ketiga=None, prakarsa: str = "DESA",
                   **isi) -> KerjaSamaDesa:
    """Draft a new plan for ``desa_pemrakarsa`` (its operator or kepala desa), with partner desa.

    R2 and R3 are checked at once so the village head learns early that a kelurahan or a desa of another
    kabupaten cannot take part. The dispute and change clauses get the law's default text.
    """
    if not (oleh.role in ("operator_desa", "kepala_desa") and oleh.wilayah_kode == desa_pemrakarsa.kode):
        raise AturanDilanggar(W.BUKAN_PELAKU_DESA)
    semua = [desa_pemrakarsa, *mitra]
    calon = KerjaSamaDesa(jenis=jenis, bidang=list(isi.get("bidang") or []))
    kumpulkan(
        lambda: aturan.periksa_bukan_kelurahan(semua),
        lambda: aturan.periksa_satu_kabupaten(semua, desa_pemrakarsa.kode[:5]),
        lambda: _tanpa_ganda(semua),
        lambda: aturan.periksa_pihak_ketiga_awal(jenis, pihak_ketiga, mitra),
        lambda: aturan.periksa_pihak_ketiga_kabupaten(pihak_ketiga, desa_pemrakarsa.kecamatan.kabupaten),
        lambda: aturan.periksa_bidang(calon),
    )
    unknown = set(isi) - set(ISI_FIELDS)
    if unknown:
        raise ValidationError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}.")
    for k, baku in aturan.isi_baku(jenis).items():
        isi.setdefault(k, baku)
    with transaction.atomic():
        ks = KerjaSamaDesa(
            jenis=jenis, prakarsa=prakarsa, judul=judul, desa_pemrakarsa=desa_pemrakarsa,
            kabupaten=desa_pemrakarsa.kecamatan.kabupaten,
            pihak_ketiga=pihak_ketiga, created_by=oleh, updated_by=oleh, **isi,
        )
        ks.full_clean(exclude=["kode"])
        ks.save()
        KerjaSamaPeserta.objects.create(kerja_sama=ks, desa=desa_pemrakarsa, peran=PeranPeserta.PEMRAKARSA, urutan=0,
                                        penawaran_status=StatusPenawaran.DITERIMA, created_by=oleh)
        for i, d in enumerate(mitra, start=1):
            KerjaSamaPeserta.objects.create(kerja_sama=ks, desa=d, peran=PeranPeserta.MITRA, urutan=i, created_by=oleh)
        _langkah(ks, "buat", "", ks.status, oleh, desa=desa_pemrakarsa)
    return ks


def _tanpa_ganda(desa: Sequence[Desa]) -> None:
    kode = [d.kode for d in desa]
    if len(kode) != len(set(kode)):
        raise ValidationError({"mitra": "Desa yang sama dipilih dua kali."})


def kerjasama_ubah_isi(*, kerja_sama: KerjaSamaDesa, oleh, data: dict[str, Any]) -> KerjaSamaDesa:
    """Change the content (the eight items, title, dates) while the plan is being drafted."""
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        if W.PEMDES_PEMRAKARSA not in pelaku(oleh, ks):
            raise AturanDilanggar(aturan.BUKAN_PENYUSUN)
        if ks.status not in STATUS_ISI_TERBUKA:
            raise AturanDilanggar(ISI_TERKUNCI)
        unknown = set(data) - set(ISI_FIELDS)
        if unknown:
            raise ValidationError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}.")
        # Only what really changes is written and put in the timeline: a page posts every item, including
        # the law's default texts the user never touched. An empty item taking its default text is noted
        # apart ("teks baku"): the agreement's content did change, but not by the user's own wording.
        # A default of the other kind of agreement left untouched counts as empty.
        isi_baku = aturan.isi_baku(ks.jenis)
        diubah, baku = [], []
        for k, v in data.items():
            lama = getattr(ks, k)
            if _isi_sama(lama, v):
                continue
            setattr(ks, k, v)
            kosong = not lama or aturan.teks_baku_lain(ks.jenis, k, lama)
            if kosong and k in isi_baku and _isi_sama(v, isi_baku[k]):
                baku.append(k)
            else:
                diubah.append(k)
        if not (diubah or baku):
            return ks
        if "bidang" in diubah:
            kumpulkan(lambda: aturan.periksa_bidang(ks))
        ks.updated_by = oleh
        ks.full_clean(exclude=["kode"])
        ks.save()
        catatan = ", ".join(sorted(diubah))
        if baku:
            catatan = "; ".join(filter(None, [catatan, f"{CATATAN_BAKU}{', '.join(sorted(baku))}"]))
        _langkah(ks, "ubah_isi", ks.status, ks.status, oleh, catatan=catatan)
    return ks


# Marks, in the note of an ``ubah_isi`` step, the items that took their default text (shown apart).
CATATAN_BAKU = "baku: "


def _isi_sama(lama, baru) -> bool:
    """Equal as content: texts compared without the browser's CRLF line ends and outer spaces."""
    if isinstance(lama, str) and isinstance(baru, str):
        return lama.replace("\r\n", "\n").strip() == baru.replace("\r\n", "\n").strip()
    if isinstance(lama, (list, tuple)) and isinstance(baru, (list, tuple)):
        return list(lama) == list(baru)
    return lama == baru


def kerjasama_atur_mitra(*, kerja_sama: KerjaSamaDesa, oleh, mitra: Sequence[Desa]) -> KerjaSamaDesa:
    """Set the partner desa before the offer is sent (R2, R3 checked at once)."""
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        if W.PEMDES_PEMRAKARSA not in pelaku(oleh, ks):
            raise AturanDilanggar(aturan.BUKAN_PENYUSUN)
        if ks.status not in W.SEBELUM_PENAWARAN:
            raise AturanDilanggar(aturan.MITRA_TERKUNCI)
        semua = [ks.desa_pemrakarsa, *mitra]
        kumpulkan(
            lambda: aturan.periksa_pihak_ketiga_awal(ks.jenis, ks.pihak_ketiga, mitra),
            lambda: aturan.periksa_bukan_kelurahan(semua),
            lambda: aturan.periksa_satu_kabupaten(semua, ks.kabupaten.kode),
            lambda: _tanpa_ganda(semua),
        )
        ks.peserta.filter(peran=PeranPeserta.MITRA).exclude(desa__in=list(mitra)).delete()
        ada = set(ks.peserta.values_list("desa_id", flat=True))
        for i, d in enumerate(mitra, start=1):
            if d.pk in ada:
                ks.peserta.filter(desa=d).update(urutan=i)
            else:
                KerjaSamaPeserta.objects.create(kerja_sama=ks, desa=d, peran=PeranPeserta.MITRA, urutan=i, created_by=oleh)
        _langkah(ks, "atur_mitra", ks.status, ks.status, oleh, catatan=", ".join(d.nama for d in mitra))
    return ks


def kontribusi_simpan(*, kerja_sama: KerjaSamaDesa, oleh, baris: Sequence[dict[str, Any]]) -> list[KontribusiDana]:
    """Replace the contributions table (while drafting). Each row: desa (Desa), sumber, tahun_anggaran, nilai, bentuk."""
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        if W.PEMDES_PEMRAKARSA not in pelaku(oleh, ks):
            raise AturanDilanggar(aturan.BUKAN_PENYUSUN)
        if ks.status not in STATUS_ISI_TERBUKA:
            raise AturanDilanggar(ISI_TERKUNCI)
        peserta = {p.desa_id: p for p in _peserta(ks)}
        ks.kontribusi.all().delete()
        hasil = []
        for i, b in enumerate(baris, start=1):
            data = dict(b)
            desa = data.pop("desa", None)
            p = peserta.get(desa.pk) if desa else None
            if desa and p is None:
                raise ValidationError({"kontribusi": f"Baris {i}: {desa.nama} bukan peserta."})
            k = KontribusiDana(kerja_sama=ks, peserta=p, created_by=oleh, updated_by=oleh, **data)
            k.full_clean()
            k.save()
            hasil.append(k)
    return hasil


def bkad_simpan(*, kerja_sama: KerjaSamaDesa, oleh, nama: str, anggota: Sequence[dict[str, Any]],
                periode_mulai=None, periode_selesai=None) -> BKAD:
    """Set the BKAD and its members while the draft is prepared (R11: unsur per PP 43/2014 Pasal 144)."""
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        pl = pelaku(oleh, ks)
        if not (pl & {W.PEMDES_PEMRAKARSA, W.PMD_KABUPATEN}):
            raise AturanDilanggar(aturan.BUKAN_PENYUSUN)
        aturan.periksa_bkad_antar_desa(ks)
        if ks.status not in STATUS_BKAD_TERBUKA:
            raise AturanDilanggar(aturan.BKAD_WAKTU)
        aktif = {p.desa_id for p in peserta_aktif(_peserta(ks))}
        bkad, _ = BKAD.objects.update_or_create(
            kerja_sama=ks, defaults={"nama": nama, "periode_mulai": periode_mulai, "periode_selesai": periode_selesai,
                                     "updated_by": oleh},
        )
        bkad.anggota.all().delete()
        for i, a in enumerate(anggota, start=1):
            if a["asal_desa"].pk not in aktif:
                raise ValidationError({"anggota": f"Baris {i}: {a['asal_desa'].nama} bukan desa peserta."})
            m = BKADAnggota(bkad=bkad, created_by=oleh, updated_by=oleh, **a)
            m.full_clean()
            m.save()
        _langkah(ks, "susun_bkad", ks.status, ks.status, oleh, catatan=f"{nama}: {len(anggota)} anggota")
    return bkad


# -- C1 transitions -------------------------------------------------------------------------------

def kerjasama_siapkan(*, kerja_sama: KerjaSamaDesa, oleh) -> KerjaSamaDesa:
    """DRAFT → PERSIAPAN: the village head has inventoried the potential and set priorities (R2, R10;
    R-pihak3 for a third-party agreement)."""
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        peserta = _peserta(ks)
        return _jalankan(ks, "siapkan", oleh, cek=[
            lambda: aturan.periksa_bukan_kelurahan([p.desa for p in peserta]),
            lambda: aturan.periksa_bidang(ks),
            lambda: aturan.periksa_pihak_ketiga(ks, [p.desa for p in peserta]),
        ])


def musyawarah_buat(*, jenis: str, kabupaten, desa: Sequence[Desa], oleh, data: dict[str, Any],
                    kerja_sama: KerjaSamaDesa | None = None, berita_acara=None, daftar_hadir=None) -> Musyawarah:
    """Record a deliberation with its berita acara (required) and attendance list (shared by kawasan/BUMDesma)."""
    if berita_acara is None:
        raise ValidationError({"berita_acara": "Unggah berita acara musyawarah (PDF atau foto)."})
    m = Musyawarah(jenis=jenis, kabupaten=kabupaten, kerja_sama=kerja_sama, created_by=oleh, updated_by=oleh, **data)
    # Every refusal at once, each on its input: a wrong file and a wrong count are both reported.
    galat: dict = {}
    hari_ini = timezone.localdate()
    if m.tanggal and m.tanggal > hari_ini:  # a berita acara is the record of a meeting that has taken place
        galat["tanggal"] = [f"Musyawarah dicatat setelah diadakan: tanggal {fmt.tanggal(m.tanggal)} belum terjadi "
                            f"(hari ini {fmt.tanggal(hari_ini)})."]
    for isian, berkas in (("berita_acara", berita_acara), ("daftar_hadir", daftar_hadir)):
        if berkas is not None:
            try:
                cek_berkas.periksa_unggahan(berkas, boleh=("pdf", "jpg", "png"), field=isian)
            except ValidationError as exc:
                galat = exc.update_error_dict(galat)
    try:
        m.full_clean()
    except ValidationError as exc:
        galat = exc.update_error_dict(galat)
    if galat:
        raise ValidationError(galat)
    m.save()
    m.desa.set(list(desa))
    dokumen_unggah(objek=m, kabupaten=kabupaten, desa=desa, berkas=berita_acara, isian="berita_acara",
                   jenis=JenisDokumen.BERITA_ACARA,
                   judul=f"Berita acara {m.get_jenis_display()} {m.tanggal:%d-%m-%Y}", oleh=oleh,
                   visibilitas=Visibilitas.PUBLIK)
    if daftar_hadir is not None:
        dokumen_unggah(objek=m, kabupaten=kabupaten, desa=desa, berkas=daftar_hadir, isian="daftar_hadir",
                       jenis=JenisDokumen.DAFTAR_HADIR,
                       judul=f"Daftar hadir {m.get_jenis_display()} {m.tanggal:%d-%m-%Y}", oleh=oleh)
    return m


def musyawarah_para_pihak_catat(*, kerja_sama: KerjaSamaDesa, oleh, data: dict[str, Any],
                                desa: Sequence[Desa] | None = None, berita_acara=None,
                                daftar_hadir=None) -> Musyawarah:
    """Record the musyawarah of all bound parties that R13 requires before a change, suspension,
    resumption or ending is decided (PP 43/2014 Pasal 145–146).

    Recorded by whoever may take one of the R13 steps open now (read from the transition table); the
    desa present default to every active party. The decision itself is a separate service
    (``perubahan_putuskan``, ``kerjasama_lanjutkan``, ``kerjasama_akhiri``) that points to this record.
    """
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        pl = pelaku(oleh, ks)
        if not any("R13" in t.aturan for t in W.alur_untuk(ks).aksi_untuk(ks.status, pl)):
            raise AturanDilanggar(aturan.BUKAN_PESERTA_MUSYAWARAH)
        if desa is None:
            desa = [p.desa for p in peserta_aktif(_peserta(ks))]
        desa = list(desa)
        m = musyawarah_buat(
            jenis=JenisMusyawarah.MUSDES_KHUSUS if len(desa) == 1 else JenisMusyawarah.MAD, kabupaten=ks.kabupaten,
            desa=desa, oleh=oleh, data={"penyelenggara": "Musyawarah para pihak", **data}, kerja_sama=ks,
            berita_acara=berita_acara, daftar_hadir=daftar_hadir,
        )
        _langkah(ks, "musyawarah_para_pihak", ks.status, ks.status, oleh, bukti=[m],
                 catatan=m.keputusan_ringkas)
    return m


def notifikasi_tandai_dibaca(*, oleh, notifikasi_id: int | None = None) -> int:
    """Mark the reader's own notifications read (one, or all unread); returns how many changed."""
    from .models import Notifikasi

    qs = Notifikasi.objects.filter(penerima=oleh, dibaca=False)
    if notifikasi_id is not None:
        qs = qs.filter(pk=notifikasi_id)
    return qs.update(dibaca=True)


def musdes_catat(*, kerja_sama: KerjaSamaDesa, desa: Desa, oleh, data: dict[str, Any], berita_acara=None,
                 daftar_hadir=None) -> Musyawarah:
    """Record the Musdes of one participating desa (held by its BPD; R6).

    For the initiating desa in PERSIAPAN, SEPAKAT moves the plan on and TIDAK_SEPAKAT ends it; for a
    partner desa the Musdes is the consent it needs before accepting the offer.
    """
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        _pastikan_desa_sendiri(oleh, desa)
        peserta = _peserta(ks)
        p = _pastikan_peserta(ks, desa, peserta)
        pl = pelaku(oleh, ks, peserta)
        data = {"penyelenggara": f"BPD {desa.nama}", **data}
        if p.peran == PeranPeserta.PEMRAKARSA:
            aksi = "musdes_tidak_sepakat" if data.get("hasil") == HasilMusyawarah.TIDAK_SEPAKAT else "musdes_sepakat"
            W.alur_untuk(ks).transisi(ks.status, aksi, pl)  # the table's refusal (ALUR or PERAN)
        else:
            if not ({W.KADES_MITRA, W.PEMDES_PESERTA} & pl) and not (
                p.penawaran_status == StatusPenawaran.DIKIRIM and oleh.wilayah_kode == desa.kode
            ):
                raise AturanDilanggar(W.BUKAN_PELAKU_DESA)
            if ks.status != StatusKerjaSama.PENAWARAN or p.penawaran_status != StatusPenawaran.DIKIRIM:
                raise AturanDilanggar(aturan.MUSDES_MITRA_WAKTU)
        m = musyawarah_buat(jenis=JenisMusyawarah.MUSDES, kabupaten=ks.kabupaten, desa=[desa], oleh=oleh, data=data,
                            kerja_sama=ks, berita_acara=berita_acara, daftar_hadir=daftar_hadir)
        p.musdes = m
        p.save(update_fields=["musdes", "updated_at"])
        if p.peran == PeranPeserta.PEMRAKARSA:
            if m.hasil == HasilMusyawarah.SEPAKAT:
                _jalankan(ks, "musdes_sepakat", oleh, pelaku_set=pl, desa=desa, bukti=[m, *_dokumen_dari(m)])
            elif m.hasil == HasilMusyawarah.TIDAK_SEPAKAT:
                _jalankan(ks, "musdes_tidak_sepakat", oleh, pelaku_set=pl, desa=desa, bukti=[m, *_dokumen_dari(m)],
                          catatan=m.keputusan_ringkas)
            else:
                _langkah(ks, "musdes_ditunda", ks.status, ks.status, oleh, desa=desa, bukti=[m, *_dokumen_dari(m)])
        else:
            _langkah(ks, "musdes_mitra", ks.status, ks.status, oleh, desa=desa, bukti=[m, *_dokumen_dari(m)])
    return m


def kerjasama_konfirmasi_rpjmdes(*, kerja_sama: KerjaSamaDesa, oleh, rujukan: str) -> KerjaSamaDesa:
    """DISETUJUI_MUSDES → SIAP_DITAWARKAN: the bidang is in the RPJM Desa and RKP Desa (R8)."""
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        peserta = _peserta(ks)
        p = peserta[0]
        if rujukan.strip():
            p.tercantum_rpjmdes = True
            p.rpjmdes_rujukan = rujukan.strip()
            p.save(update_fields=["tercantum_rpjmdes", "rpjmdes_rujukan", "updated_at"])
        return _jalankan(ks, "konfirmasi_rpjmdes", oleh, cek=[lambda: aturan.periksa_rpjmdes([p])], desa=p.desa,
                         catatan=rujukan)


def penawaran_kirim(*, kerja_sama: KerjaSamaDesa, oleh, tanggal: dt.date | None = None,
                    batas_jawab: dt.date | None = None) -> list[SuratPenawaran]:
    """SIAP_DITAWARKAN → PENAWARAN: one numbered offer letter per partner (R1, R2, R3, R16).

    Each letter states its answer deadline (``batas_jawab``, default the letter's date plus
    ``settings.PENAWARAN_BATAS_HARI`` days; never before the letter's date): an offer still unanswered after
    it is refused by ``penawaran_kedaluwarsakan`` (DOMAIN.md §C1 "timeout").

    Each letter gets its own ProdukHukum (SURAT_PENAWARAN, the initiator and that partner, the letter's
    number): signed when sent, so born final; its PDF (§D4, with QR and short code) is rendered after commit.

    For a third-party agreement (§C2, from DISETUJUI_MUSDES) the letter goes to, or with prakarsa
    PIHAK_KETIGA comes from, the third party. Prakarsa DESA: one numbered letter row addressed to the third
    party (``kepada_pihak_ketiga``); prakarsa PIHAK_KETIGA: no letter of the desa, the step records the
    offer received. The answer is ``penawaran_jawab_pihak_ketiga``.
    """
    tanggal = tanggal or timezone.localdate()
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        peserta = _peserta(ks)
        mitra = [p for p in peserta if p.peran == PeranPeserta.MITRA]
        semua = [p.desa for p in peserta]
        if ks.jenis == JenisKerjaSama.PIHAK_KETIGA:
            cek = [lambda: aturan.periksa_pihak_ketiga(ks, semua), lambda: aturan.periksa_isi_penawaran(ks)]
        else:
            cek = [
                lambda: aturan.periksa_jumlah_desa(semua),
                lambda: aturan.periksa_bukan_kelurahan(semua),
                lambda: aturan.periksa_satu_kabupaten(semua, ks.kabupaten.kode),
                lambda: aturan.periksa_isi_penawaran(ks),
            ]
        # Who may act and in which state first: a stranger's odd dates get the refusal of the step, not a date error.
        t = W.alur_untuk(ks).transisi(ks.status, "kirim_penawaran", pelaku(oleh, ks, peserta))
        batas_jawab = batas_jawab_surat(tanggal, batas_jawab)
        kumpulkan(*cek)
        isi = {f: _nilai_json(getattr(ks, f)) for f in ISI_FIELDS}
        surat = []
        for p in mitra:
            n = nomor_berikut(ks.desa_pemrakarsa, JenisProdukHukum.SURAT_PENAWARAN, tanggal.year)
            nomor = f"{n:03d}/KS/{ks.desa_pemrakarsa.kode}/{tanggal.year}"
            # The letter is signed when sent: its PDF is born final (see ``dokumen_final_buat``).
            ph = dokumen_final_buat(ks, JenisProdukHukum.SURAT_PENAWARAN, oleh=oleh, nomor=nomor, tanggal=tanggal,
                                    desa=[ks.desa_pemrakarsa, p.desa])
            s = SuratPenawaran.objects.create(
                kerja_sama=ks, kepada=p, nomor=nomor, tanggal=tanggal, batas_jawab=batas_jawab, dokumen=ph,
                isi=isi, created_by=oleh, updated_by=oleh,
            )
            p.penawaran_status = StatusPenawaran.DIKIRIM
            p.save(update_fields=["penawaran_status", "updated_at"])
            surat.append(s)
        catatan = ""
        if ks.jenis == JenisKerjaSama.PIHAK_KETIGA:
            if ks.prakarsa == "PIHAK_KETIGA":
                catatan = f"Penawaran dari {ks.pihak_ketiga.nama} diterima desa pada {fmt.tanggal(tanggal)}."
            else:
                # §C2 prakarsa DESA: one numbered letter to the third party, in the desa's own series (R16),
                # with its own document (§D4 addressed to the third party), born final like a partner's letter.
                n = nomor_berikut(ks.desa_pemrakarsa, JenisProdukHukum.SURAT_PENAWARAN, tanggal.year)
                nomor = f"{n:03d}/KS/{ks.desa_pemrakarsa.kode}/{tanggal.year}"
                ph = dokumen_final_buat(ks, JenisProdukHukum.SURAT_PENAWARAN, oleh=oleh, nomor=nomor, tanggal=tanggal,
                                        desa=[ks.desa_pemrakarsa])
                s = SuratPenawaran.objects.create(
                    kerja_sama=ks, kepada_pihak_ketiga=ks.pihak_ketiga, tanggal=tanggal, batas_jawab=batas_jawab,
                    isi=isi, nomor=nomor, dokumen=ph, created_by=oleh, updated_by=oleh,
                )
                surat.append(s)
                catatan = f"Surat penawaran {s.nomor} kepada {ks.pihak_ketiga.nama}."
        _jalankan(ks, t.aksi, oleh, cek=(), bukti=surat, catatan=catatan)
    return surat


def _nilai_json(v):
    return v.isoformat() if isinstance(v, dt.date) else v


def batas_jawab_surat(tanggal: dt.date, batas_jawab: dt.date | None = None) -> dt.date:
    """The answer deadline of an offer letter dated ``tanggal``: the one chosen (not before the letter's date),
    else ``settings.PENAWARAN_BATAS_HARI`` days after it."""
    from django.conf import settings

    if batas_jawab is None:
        try:
            return tanggal + dt.timedelta(days=settings.PENAWARAN_BATAS_HARI)
        except OverflowError:  # a date at the end of the calendar (the input edges bound it; callers may not)
            raise ValidationError({"tanggal": "Tanggal surat terlalu jauh ke depan; batas waktu jawaban tidak dapat "
                                              "dihitung."}) from None
    if batas_jawab < tanggal:
        raise ValidationError({"batas_jawab": f"Batas waktu jawaban tidak boleh sebelum tanggal surat ({fmt.tanggal(tanggal)})."})
    return batas_jawab


def _penawaran_tuntas(ks: KerjaSamaDesa, oleh, peserta: list[KerjaSamaPeserta], *, catatan_tolak: str,
                      catatan: str = "") -> None:
    """§C1, after an answer or a lapse: once no partner is pending, PENYUSUNAN_RANCANGAN when at least one
    accepted and R1 holds, else BATAL (system moves of the table)."""
    mitra = [x for x in peserta if x.peran == PeranPeserta.MITRA]
    diterima, _, tertunda = aturan.penawaran_terjawab(mitra)
    if tertunda:
        return
    aktif = peserta_aktif(peserta)
    if diterima and len(aktif) >= 2:
        _sistem(ks, "penawaran_diterima", oleh, cek=[lambda: aturan.periksa_jumlah_desa(aktif)], catatan=catatan)
    else:
        _sistem(ks, "penawaran_ditolak", oleh, catatan=catatan_tolak)


def penawaran_jawab(*, kerja_sama: KerjaSamaDesa, desa: Desa, oleh, jawaban: str, catatan: str = "",
                    rpjmdes_rujukan: str = "", tanggal: dt.date | None = None) -> KerjaSamaDesa:
    """A partner's kepala desa accepts (after its Musdes, R6, and RPJM/RKP check, R8) or refuses.

    When the last partner has answered: to PENYUSUNAN_RANCANGAN if at least one accepted (R1), else BATAL.
    """
    if jawaban not in JawabanPenawaran.values:
        raise ValidationError({"jawaban": "Pilih diterima atau ditolak."})
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        _pastikan_desa_sendiri(oleh, desa)
        peserta = _peserta(ks)
        p = _pastikan_peserta(ks, desa, peserta)
        pl = pelaku(oleh, ks, peserta)
        surat = list(SuratPenawaran.objects.filter(kerja_sama=ks, kepada=p))
        if oleh.role == "kepala_desa":  # an offer that lapsed takes no answer (BATAS_JAWAB), whatever its state now
            kumpulkan(lambda: aturan.periksa_belum_kedaluwarsa(surat))
        if p.peran == PeranPeserta.MITRA and p.penawaran_status in (StatusPenawaran.DITERIMA, StatusPenawaran.DITOLAK) \
                and ks.status == StatusKerjaSama.PENAWARAN and oleh.role == "kepala_desa" and oleh.wilayah_kode == desa.kode:
            raise AturanDilanggar(aturan.SUDAH_DIJAWAB, f"({desa.nama})")
        W.alur_untuk(ks).transisi(ks.status, "jawab_penawaran", pl)
        if p.peran != PeranPeserta.MITRA or p.penawaran_status != StatusPenawaran.DIKIRIM:
            raise AturanDilanggar(aturan.SUDAH_DIJAWAB, f"({desa.nama})")
        if rpjmdes_rujukan.strip():
            p.tercantum_rpjmdes = True
            p.rpjmdes_rujukan = rpjmdes_rujukan.strip()
        # The answer is dated (today, or its letter's date when recorded later) by the deadline: BATAS_JAWAB.
        cek = [lambda: aturan.periksa_jawaban_tepat_waktu(surat, tanggal or timezone.localdate())]
        if jawaban == JawabanPenawaran.DITERIMA:
            cek += [lambda: aturan.periksa_musdes([p]), lambda: aturan.periksa_rpjmdes([p])]
        _jalankan(ks, "jawab_penawaran", oleh, pelaku_set=pl, cek=cek, desa=desa,
                  catatan=f"{JawabanPenawaran(jawaban).label}. {catatan}".strip(), bukti=surat)
        p.penawaran_status = StatusPenawaran.DITERIMA if jawaban == JawabanPenawaran.DITERIMA else StatusPenawaran.DITOLAK
        p.save(update_fields=["penawaran_status", "tercantum_rpjmdes", "rpjmdes_rujukan", "updated_at"])
        SuratPenawaran.objects.filter(kerja_sama=ks, kepada=p).update(
            jawaban=jawaban, tanggal_jawaban=tanggal or timezone.localdate(), catatan_jawaban=catatan, dijawab_oleh=oleh,
        )
        _penawaran_tuntas(ks, oleh, peserta, catatan_tolak="Semua desa mitra menolak penawaran.")
    return ks



def penawaran_jawab_pihak_ketiga(*, kerja_sama: KerjaSamaDesa, oleh, diterima: bool, catatan: str = "",
                                 tanggal: dt.date | None = None, surat_jawaban=None) -> KerjaSamaDesa:
    """§C2 PENAWARAN → PENYUSUNAN_RANCANGAN (accepted) or BATAL (refused), recorded by the kepala desa.

    With prakarsa DESA this is the third party's answer to the desa's offer; with prakarsa PIHAK_KETIGA it
    is the desa's own answer to the third party's offer, which needs the desa's Musdes consent (R6).
    The answer letter may be attached (PDF). The desa's letter to the third party (prakarsa DESA) records
    the answer. An antar-desa agreement is answered by each partner desa (``penawaran_jawab``): R-pihak3.
    """
    tanggal = tanggal or timezone.localdate()
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        if ks.jenis != JenisKerjaSama.PIHAK_KETIGA:
            raise AturanDilanggar(aturan.R_PIHAK3, "Kerja sama antar desa tidak memiliki pihak ketiga; penawaran "
                                  "dijawab oleh setiap desa mitra.", field="pihak_ketiga")
        peserta = _peserta(ks)
        aksi = "penawaran_diterima" if diterima else "penawaran_ditolak"
        pl = pelaku(oleh, ks, peserta)
        if W.KADES_PEMRAKARSA in pl:  # a letter to the third party that lapsed takes no answer (BATAS_JAWAB)
            kumpulkan(lambda: aturan.periksa_belum_kedaluwarsa(
                SuratPenawaran.objects.filter(kerja_sama=ks, kepada_pihak_ketiga__isnull=False)))
        W.alur_untuk(ks).transisi(ks.status, aksi, pl)
        surat = list(SuratPenawaran.objects.filter(kerja_sama=ks, kepada_pihak_ketiga__isnull=False, jawaban=""))
        # The third party answers the desa's letter (prakarsa DESA) by its deadline (BATAS_JAWAB).
        cek = [lambda: aturan.periksa_jawaban_tepat_waktu(surat, tanggal)]
        if diterima:
            cek += [lambda: aturan.periksa_pihak_ketiga(ks, [p.desa for p in peserta]),
                    lambda: aturan.periksa_musdes(peserta)]
        kumpulkan(*cek)
        bukti: list[Any] = []  # the letter itself records the answer (below); the evidence is the answer letter
        if surat_jawaban is not None:
            bukti.append(dokumen_unggah(objek=ks, kabupaten=ks.kabupaten, desa=[ks.desa_pemrakarsa], berkas=surat_jawaban,
                                        isian="surat_jawaban",
                                        jenis=JenisDokumen.SURAT, judul=f"Jawaban penawaran {fmt.tanggal(tanggal)}", oleh=oleh,
                                        boleh=("pdf",), tanggal=tanggal))
        jawaban = "diterima" if diterima else "ditolak"
        _jalankan(ks, aksi, oleh, pelaku_set=pl, bukti=bukti,
                  catatan=f"Penawaran {jawaban} pada {fmt.tanggal(tanggal)}. {catatan}".strip())
        SuratPenawaran.objects.filter(pk__in=[s.pk for s in surat]).update(
            jawaban=JawabanPenawaran.DITERIMA if diterima else JawabanPenawaran.DITOLAK, tanggal_jawaban=tanggal,
            catatan_jawaban=catatan, dijawab_oleh=oleh, updated_by=oleh, updated_at=timezone.now(),
        )
        return ks


def penawaran_kedaluwarsakan(*, hari_ini: dt.date | None = None) -> list[KerjaSamaDesa]:
    """DOMAIN.md §C1 "PENAWARAN --(all targets DITOLAK / timeout)--> BATAL": every offer still unanswered after
    the deadline of its letter (``batas_jawab`` < ``hari_ini``) is refused by timeout (BATAS_JAWAB).

    Per agreement, in its own transaction under the same row lock as an answer (``_kunci``), so the two never
    cross: an answer that got the lock first stands, and one that comes after the deadline is refused by the
    answer service. The letter records the lapse (jawaban DITOLAK, no person), the timeline gets a system
    step per partner, then the system move of the answer service: PENYUSUNAN_RANCANGAN when a partner
    accepted and R1 holds, else BATAL (§C2: BATAL). The initiating desa is told (notifikasi). Idempotent:
    a second run finds nothing unanswered. Run daily by Celery beat and by ``manage.py penawaran_kedaluwarsa``;
    the initiating desa need not wait for it (``penawaran_tuntaskan``). Returns the agreements it moved or marked.
    """
    import logging

    hari_ini = hari_ini or timezone.localdate()
    calon = list(
        SuratPenawaran.objects.filter(kerja_sama__status=StatusKerjaSama.PENAWARAN, jawaban="",
                                      batas_jawab__lt=hari_ini)
        .order_by("kerja_sama_id").values_list("kerja_sama_id", flat=True).distinct()
    )
    hasil = []
    for ks_id in calon:
        try:
            with transaction.atomic():
                ks = _kedaluwarsakan_satu(KerjaSamaDesa(pk=ks_id), hari_ini)
            if ks is not None:
                hasil.append(ks)
        except (AturanDilanggar, PelanggaranAturan) as exc:  # one agreement refused: the others still run
            logging.getLogger(__name__).warning("Penawaran %s tidak dapat dikedaluwarsakan: %s", ks_id, exc)
    return hasil


def _kedaluwarsakan_satu(kerja_sama: KerjaSamaDesa, hari_ini: dt.date) -> KerjaSamaDesa | None:
    """The lapse of one agreement's letters unanswered after their deadline (inside the caller's transaction,
    under the agreement's row lock). Returns the agreement, or None when nothing lapsed."""
    ks = _kunci(kerja_sama)
    if ks.status != StatusKerjaSama.PENAWARAN:
        return None
    lewat = list(SuratPenawaran.objects.select_for_update().filter(
        kerja_sama=ks, jawaban="", batas_jawab__lt=hari_ini).order_by("id"))
    if not lewat:
        return None
    peserta = _peserta(ks)
    per_peserta = {p.pk: p for p in peserta}
    nama = []
    for surat in lewat:
        catatan = f"Tidak dijawab sampai batas waktu {fmt.tanggal(surat.batas_jawab)}; penawaran dianggap ditolak."
        p = per_peserta.get(surat.kepada_id) if surat.kepada_id else None
        if surat.kepada_id and (p is None or p.penawaran_status != StatusPenawaran.DIKIRIM):
            continue  # answered meanwhile by the partner (its letter's answer follows it)
        surat.jawaban, surat.tanggal_jawaban, surat.catatan_jawaban = JawabanPenawaran.DITOLAK, hari_ini, catatan
        surat.dijawab_oleh, surat.updated_by = None, None
        surat.save(update_fields=["jawaban", "tanggal_jawaban", "catatan_jawaban", "dijawab_oleh",
                                  "updated_by", "updated_at"])
        if p is not None:
            p.penawaran_status = StatusPenawaran.DITOLAK
            p.save(update_fields=["penawaran_status", "updated_at"])
        tujuan = p.desa.nama if p is not None else str(surat.kepada_pihak_ketiga or ks.pihak_ketiga)
        nama.append(tujuan)
        _sistem(ks, "penawaran_kedaluwarsa", None, desa=p.desa if p is not None else None,
                catatan=f"{tujuan}: {catatan}", bukti=[surat])
    if not nama:
        return None
    if ks.jenis == JenisKerjaSama.ANTAR_DESA:
        lapse = f"Tidak menjawab sampai batas waktu: {', '.join(nama)}."
        _penawaran_tuntas(ks, None, peserta, catatan=lapse,
                          catatan_tolak=f"Tidak ada desa mitra yang menerima penawaran. {lapse}")
    return ks


def penawaran_tuntaskan(*, kerja_sama: KerjaSamaDesa, oleh, hari_ini: dt.date | None = None) -> KerjaSamaDesa:
    """The initiating desa concludes its offer once the answer deadline has passed (BATAS_JAWAB), without
    waiting for the daily job: the same lapse as ``penawaran_kedaluwarsakan`` for this agreement only — the
    silent partners (or the third party) are deemed to have refused, then PENYUSUNAN_RANCANGAN with the
    partners that accepted (R1), else BATAL."""
    hari_ini = hari_ini or timezone.localdate()
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        if W.PEMDES_PEMRAKARSA not in pelaku(oleh, ks, _peserta(ks)):
            raise AturanDilanggar(W.BUKAN_PELAKU_DESA)
        if ks.status != StatusKerjaSama.PENAWARAN or _kedaluwarsakan_satu(ks, hari_ini) is None:
            raise AturanDilanggar(aturan.BATAS_JAWAB, "Tidak ada penawaran yang lewat batas jawaban; desa yang "
                                  "ditawari masih dapat menjawab.")
        ks.refresh_from_db()
    return ks


def rancangan_ajukan(*, kerja_sama: KerjaSamaDesa, oleh) -> KerjaSamaDesa:
    """PENYUSUNAN_RANCANGAN → DIAJUKAN: the draft goes to the Dinas PMD's review queue (R1–R3, R5, R10, R11)."""
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        aktif = peserta_aktif(_peserta(ks))
        desa = [p.desa for p in aktif]
        if ks.jenis == JenisKerjaSama.PIHAK_KETIGA:
            cek = [
                lambda: aturan.periksa_pihak_ketiga(ks, desa),
                lambda: aturan.periksa_bidang(ks),
                lambda: aturan.periksa_isi_wajib(ks),
            ]
        else:
            cek = [
                lambda: aturan.periksa_jumlah_desa(desa),
                lambda: aturan.periksa_bukan_kelurahan(desa),
                lambda: aturan.periksa_satu_kabupaten(desa, ks.kabupaten.kode),
                lambda: aturan.periksa_bidang(ks),
                lambda: aturan.periksa_isi_wajib(ks),
                lambda: aturan.periksa_bkad(ks),
            ]
        return _jalankan(ks, "ajukan_rancangan", oleh, cek=cek)


def rancangan_verifikasi(*, kerja_sama: KerjaSamaDesa, oleh, catatan: str = "") -> KerjaSamaDesa:
    """DIAJUKAN → DIVERIFIKASI by the Dinas PMD kabupaten (R1, R3, R5, R6 per desa, R8 per desa).

    For a third-party agreement (§C2) the verified text is the one to sign: the Perjanjian Bersama (R4)
    becomes RANCANGAN_DISEPAKATI and its PDF is generated.
    """
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        aktif = peserta_aktif(_peserta(ks))
        desa = [p.desa for p in aktif]
        if ks.jenis == JenisKerjaSama.PIHAK_KETIGA:
            cek = [
                lambda: aturan.periksa_pihak_ketiga(ks, desa),
                lambda: aturan.periksa_isi_wajib(ks),
                lambda: aturan.periksa_musdes(aktif),
            ]
        else:
            cek = [
                lambda: aturan.periksa_jumlah_desa(desa),
                lambda: aturan.periksa_satu_kabupaten(desa, ks.kabupaten.kode),
                lambda: aturan.periksa_isi_wajib(ks),
                lambda: aturan.periksa_musdes(aktif),
                lambda: aturan.periksa_rpjmdes(aktif),
            ]
        _jalankan(ks, "verifikasi", oleh, catatan=catatan, cek=cek)
        ks.catatan_verifikasi = catatan
        ks.save(update_fields=["catatan_verifikasi", "updated_at"])
        if ks.jenis == JenisKerjaSama.PIHAK_KETIGA:
            ph = _produk_hukum_untuk(ks, oleh)
            _produk_hukum_pindah(ph, "sepakati")
            produk_hukum_jadwalkan(ph)
        return ks


def rancangan_kembalikan(*, kerja_sama: KerjaSamaDesa, oleh, catatan: str) -> KerjaSamaDesa:
    """DIAJUKAN → PENYUSUNAN_RANCANGAN with the reviewer's notes (required)."""
    if not catatan.strip():
        raise ValidationError({"catatan": "Tuliskan catatan perbaikan untuk desa."})
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        ks.catatan_verifikasi = catatan
        ks.save(update_fields=["catatan_verifikasi", "updated_at"])
        return _jalankan(ks, "kembalikan", oleh, catatan=catatan)


def komentar_tambah(*, kerja_sama: KerjaSamaDesa, oleh, teks: str) -> LangkahKerjaSama:
    """A comment on the timeline, e.g. the camat's facilitation note (PP 43/2014 Pasal 143 ayat (5))."""
    if not teks.strip():
        raise ValidationError({"teks": "Komentar tidak boleh kosong."})
    if not pelaku(oleh, kerja_sama):
        raise AturanDilanggar(aturan.BUKAN_PIHAK)
    langkah = _langkah(kerja_sama, "komentar", kerja_sama.status, kerja_sama.status, oleh, catatan=teks.strip())
    transaction.on_commit(lambda: notifikasi.langkah_selesai(kerja_sama.pk, "komentar"))
    return langkah


def mad_catat(*, kerja_sama: KerjaSamaDesa, oleh, data: dict[str, Any], desa: Sequence[Desa], berita_acara=None,
              daftar_hadir=None) -> Musyawarah:
    """Record the Musyawarah Antar Desa. SEPAKAT: DIVERIFIKASI → RANCANGAN_DISEPAKATI (R5, R7, R11) and the
    Peraturan Bersama draft is generated; otherwise back to drafting. Either way the MAD's Berita Acara (§D5)
    is stored as a final ProdukHukum (BERITA_ACARA_MAD, the desa present) and its PDF rendered once."""
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        peserta = _peserta(ks)
        aktif = peserta_aktif(peserta)
        pl = pelaku(oleh, ks, peserta)
        aksi = "mad_sepakat" if data.get("hasil") == HasilMusyawarah.SEPAKAT else "mad_tidak_sepakat"
        W.alur_untuk(ks).transisi(ks.status, aksi, pl)
        if aksi == "mad_sepakat":
            # Checked before anything is stored: a refused MAD leaves no row and no file behind.
            calon = Musyawarah(jenis=JenisMusyawarah.MAD, hasil=data.get("hasil"))
            kumpulkan(
                lambda: aturan.periksa_mad(calon, [p.desa for p in aktif], hadir=desa),
                lambda: aturan.periksa_isi_wajib(ks),
                lambda: aturan.periksa_bkad(ks),
            )
        data = {"penyelenggara": "Kesepakatan para kepala desa peserta", **data}
        m = musyawarah_buat(jenis=JenisMusyawarah.MAD, kabupaten=ks.kabupaten, desa=desa, oleh=oleh, data=data,
                            kerja_sama=ks, berita_acara=berita_acara, daftar_hadir=daftar_hadir)
        # Its berita acara (§D5) is generated too, born final (see ``dokumen_final_buat``), whatever the outcome.
        m.dokumen = dokumen_final_buat(ks, JenisProdukHukum.BERITA_ACARA_MAD, oleh=oleh, tanggal=m.tanggal, desa=desa)
        m.save(update_fields=["dokumen", "updated_at"])
        cek = [lambda: aturan.periksa_mad(m, [p.desa for p in aktif])] if aksi == "mad_sepakat" else []
        _jalankan(ks, aksi, oleh, pelaku_set=pl, cek=cek, bukti=[m, *_dokumen_dari(m)], catatan=m.keputusan_ringkas)
        if aksi == "mad_sepakat":
            ph = _produk_hukum_untuk(ks, oleh)
            _produk_hukum_pindah(ph, "sepakati")
            produk_hukum_jadwalkan(ph)
    return m


def _produk_hukum_untuk(ks: KerjaSamaDesa, oleh) -> ProdukHukum:
    """The agreement's current legal document (Peraturan Bersama or Perjanjian Bersama, R4); created once."""
    jenis = (
        JenisProdukHukum.PERATURAN_BERSAMA_KADES if ks.jenis == JenisKerjaSama.ANTAR_DESA
        else JenisProdukHukum.PERJANJIAN_BERSAMA
    )
    ph = ks.produk_hukum.filter(jenis=jenis, mengubah__isnull=True).order_by("id").first()
    if ph is None:
        ph = ProdukHukum.objects.create(jenis=jenis, kerja_sama=ks, kabupaten=ks.kabupaten, tentang=ks.judul,
                                        created_by=oleh, updated_by=oleh)
        ph.desa.set([p.desa for p in peserta_aktif(_peserta(ks))])
    return ph


def _produk_hukum_pindah(ph: ProdukHukum, aksi: str) -> None:
    t = W.ALUR_PRODUK_HUKUM.transisi(ph.status, aksi, {W.SISTEM})
    ph.status = t.ke
    ph.save(update_fields=["status", "updated_at"])


def dokumen_final_buat(ks: KerjaSamaDesa, jenis: str, *, oleh, tanggal: dt.date, desa: Sequence[Desa],
                       nomor: str = "", tentang: str = "") -> ProdukHukum:
    """A document born final — an offer letter (§D4) or the Berita Acara of a MAD (§D5) — and its render queued.

    The §C6 lifecycle (ALUR_PRODUK_HUKUM: draft → agreed → signed → promulgated) is the Peraturan/Perjanjian
    Bersama's. A letter is signed when it is sent and minutes are final when the meeting closes, so these
    rows start at DITANDATANGANI with their date: the first render stores the PDF and its SHA-256, and the
    lock of ``produk_hukum_simpan_pdf`` (signed + file + hash) refuses any later one (frozen). Visible to
    the desa named here (scope by ``desa``), their camat and kabupaten; verifiable at /v/<kode>/.
    """
    ph = ProdukHukum.objects.create(
        jenis=jenis, kerja_sama=ks, kabupaten=ks.kabupaten, tentang=(tentang or ks.judul)[:255], nomor=nomor,
        tahun=tanggal.year, tanggal_ditetapkan=tanggal, status=StatusProdukHukum.DITANDATANGANI,
        created_by=oleh, updated_by=oleh,
    )
    ph.desa.set(list(dict.fromkeys(desa)))
    # Robust: the letter is sent / the minutes recorded whatever the renderer does; a failure stays visible
    # on the row and the task can be run again (no file yet, so not frozen).
    produk_hukum_jadwalkan(ph, robust=True)
    return ph


def produk_hukum_jadwalkan(ph: ProdukHukum, *, robust: bool = False) -> None:
    """Queue the PDF rendering after commit (eager without a broker).

    ``robust``: run eagerly, a failed render is only logged and kept on the row (``galat_pembuatan``)
    instead of reaching the caller, and the other after-commit work still runs (documents born final).
    """
    ProdukHukum.objects.filter(pk=ph.pk).update(sedang_dibuat=True, galat_pembuatan="", updated_at=timezone.now())
    from .tasks import produk_hukum_buat_pdf

    transaction.on_commit(lambda: produk_hukum_buat_pdf.delay(ph.pk), robust=robust)


def produk_hukum_macet(ph: ProdukHukum, sekarang=None) -> bool:
    """Queued longer than ``settings.PDF_MACET_MENIT`` minutes without a file or an error: the task was lost."""
    from django.conf import settings

    sekarang = sekarang or timezone.now()
    return bool(ph.sedang_dibuat and ph.updated_at
                and sekarang - ph.updated_at > dt.timedelta(minutes=settings.PDF_MACET_MENIT))


def produk_hukum_boleh_buat_ulang(oleh, ph: ProdukHukum, *, pelaku_set: set[str] | None = None,
                                  desa_kode: Iterable[str] | None = None) -> bool:
    """May ``oleh`` queue this document's render again? A pemerintah desa (operator or kepala desa) of one of
    the document's desa, or the Dinas PMD of the agreement's kabupaten; only a failed or stuck render, and never
    a locked document that has its file (C6). ``pelaku_set``/``desa_kode`` may be passed when already known."""
    if ph.terkunci and ph.file_pdf:
        return False
    if not (ph.galat_pembuatan or produk_hukum_macet(ph)):
        return False
    return _boleh_membuat_ulang(oleh, ph, pelaku_set, desa_kode)


def _boleh_membuat_ulang(oleh, ph: ProdukHukum, pelaku_set, desa_kode) -> bool:
    if pelaku_set is None:
        pelaku_set = pelaku(oleh, ph.kerja_sama) if ph.kerja_sama_id else set()
    if W.PMD_KABUPATEN in pelaku_set:
        return True
    if oleh.role in ("operator_desa", "kepala_desa") and oleh.wilayah_kode:
        if desa_kode is None:
            desa_kode = ph.desa.values_list("kode", flat=True)
        return oleh.wilayah_kode in set(desa_kode)
    return False


def produk_hukum_buat_ulang(*, produk_hukum: ProdukHukum, oleh) -> ProdukHukum:
    """Queue again the PDF of a document whose render failed (``galat_pembuatan``) or got stuck
    (``sedang_dibuat`` for longer than ``settings.PDF_MACET_MENIT`` minutes).

    By a pemerintah desa of the document's desa or the Dinas PMD of its kabupaten. Refused once the document
    is locked with its file (DOKUMEN_TERKUNCI, §C6: a signed text is never regenerated). The render runs
    after commit like the first one; a new failure stays visible on the row.
    """
    with transaction.atomic():
        ph = ProdukHukum.objects.select_for_update(of=("self",)).select_related("kerja_sama").get(pk=produk_hukum.pk)
        if not _boleh_membuat_ulang(oleh, ph, None, None):
            raise AturanDilanggar(aturan.BUKAN_PEMBUAT_ULANG)
        if ph.terkunci and ph.file_pdf:
            raise AturanDilanggar(aturan.DOKUMEN_TERKUNCI)
        if not ph.galat_pembuatan and not produk_hukum_macet(ph):
            raise AturanDilanggar(aturan.PDF_SEDANG_DIBUAT if ph.sedang_dibuat else aturan.PDF_BELUM_GAGAL)
        galat = ph.galat_pembuatan or "macet"
        produk_hukum_jadwalkan(ph, robust=True)
        if ph.kerja_sama_id:
            _langkah(ph.kerja_sama, "buat_ulang_pdf", ph.kerja_sama.status, ph.kerja_sama.status, oleh, bukti=[ph],
                     catatan=f"{ph.get_jenis_display()}{f' {ph.nomor}' if ph.nomor else ''}: PDF dibuat ulang "
                             f"(sebelumnya: {galat[:200]}).")
    ph.refresh_from_db()
    return ph


def produk_hukum_simpan_pdf(*, produk_hukum_id: int) -> ProdukHukum:
    """Render and store the document's PDF with its SHA-256, as a new version; refused once signed."""
    import hashlib

    from django.core.files.base import ContentFile

    from .documents import render_produk_hukum

    with transaction.atomic():
        ph = ProdukHukum.objects.select_for_update().get(pk=produk_hukum_id)
        if ph.file_pdf and ph.terkunci and ph.sha256:
            raise AturanDilanggar(aturan.DOKUMEN_TERKUNCI)
        pdf = render_produk_hukum(ph)
        ph.versi += 1
        ph.sha256 = hashlib.sha256(pdf).hexdigest()
        ph.file_pdf.save(f"{ph.kode_verifikasi}-v{ph.versi}.pdf", ContentFile(pdf), save=False)
        ph.dibuat_pada = timezone.now()
        ph.sedang_dibuat = False
        ph.galat_pembuatan = ""
        ph.save()
    return ph


def peraturan_tandatangani(*, kerja_sama: KerjaSamaDesa, desa: Desa, oleh, kepala_desa_nama: str,
                           tanggal: dt.date | None = None) -> KerjaSamaPeserta:
    """One kepala desa signs for their desa: its number in the desa's own yearly series is taken under a lock.

    When the last one has signed (R12), the agreement and its document become DITANDATANGANI and the final
    PDF (with every number) is generated; after that its text is frozen. For a Perjanjian Bersama with a third
    party (§C2) the kepala desa signs here and the third party's signature is recorded with
    ``perjanjian_tandatangani_pihak_ketiga``; the later of the two completes it.
    """
    tanggal = tanggal or timezone.localdate()
    periksa_nama(kepala_desa_nama, jabatan="kepala desa", field="kepala_desa_nama")  # a person, not the office
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        _pastikan_desa_sendiri(oleh, desa)
        peserta = _peserta(ks)
        p = _pastikan_peserta(ks, desa, peserta)
        pl = pelaku(oleh, ks, peserta)
        W.alur_untuk(ks).transisi(ks.status, "tandatangani", pl)
        p = KerjaSamaPeserta.objects.select_for_update().get(pk=p.pk)
        _cek_tanggal_ttd(ks, tanggal)
        jenis_nomor = (
            JenisProdukHukum.PERJANJIAN_BERSAMA if ks.jenis == JenisKerjaSama.PIHAK_KETIGA
            else JenisProdukHukum.PERATURAN_BERSAMA_KADES
        )
        _isi_tanda_tangan(p, desa, jenis_nomor, oleh=oleh, nama=kepala_desa_nama, tanggal=tanggal)
        _jalankan(ks, "tandatangani", oleh, pelaku_set=pl, desa=desa,
                  catatan=f"Nomor {p.nomor_peraturan} Tahun {p.tahun_peraturan}; {p.kepala_desa_nama}.",
                  bukti=list(ks.produk_hukum.filter(jenis=jenis_nomor, mengubah__isnull=True).order_by("id")[:1]))
        _lengkapi_tanda_tangan(ks, oleh, tanggal)
    return p


def _tanggal_disepakati(ks: KerjaSamaDesa) -> list[tuple[dt.date | None, str]]:
    """When the first document's text was agreed: the Musyawarah Antar Desa that agreed the draft (§C1), or for a
    Perjanjian Bersama the acceptance of the offer (§C2)."""
    if ks.jenis == JenisKerjaSama.PIHAK_KETIGA:
        jawab = ks.surat_penawaran.filter(jawaban=JawabanPenawaran.DITERIMA).aggregate(t=Max("tanggal_jawaban"))["t"]
        return [(jawab, "jawaban penerimaan penawaran")]
    mad = ks.musyawarah.filter(jenis=JenisMusyawarah.MAD, hasil=HasilMusyawarah.SEPAKAT).aggregate(t=Max("tanggal"))["t"]
    return [(mad, "Musyawarah Antar Desa yang menyepakati rancangan")]


def _cek_tanggal_ttd(ks: KerjaSamaDesa, tanggal: dt.date, pr: PerubahanKerjaSama | None = None) -> None:
    """R12: a signature of the first document or of an amendment (``pr``) is dated after the text was agreed
    and not in the future."""
    if pr is None:
        sesudah = _tanggal_disepakati(ks)
    else:
        sesudah = [(timezone.localdate(pr.created_at), "pengajuan perubahan"),
                   (pr.musyawarah.tanggal if pr.musyawarah_id else None, "musyawarah yang menyepakati perubahan")]
    kumpulkan(lambda: aturan.periksa_urutan_tanggal(
        tanggal, "penandatanganan", sesudah=sesudah, hari_ini=timezone.localdate(),
        aturan=aturan.R12_PIHAK3_TANGGAL if ks.jenis == JenisKerjaSama.PIHAK_KETIGA else aturan.R12_TANGGAL))


def _isi_tanda_tangan(baris, desa: Desa, jenis_nomor: str, *, oleh, nama: str, tanggal: dt.date) -> None:
    """One kepala desa's signature on a locked row (the party row of the first document, or a signatory row of
    an amendment): the next number of the desa's yearly series of that kind of document — Peraturan Bersama
    (first document and amendments share it, so an amendment never reuses a number) or Perjanjian Bersama
    (a series of its own, DOMAIN.md §D1 item 3, §D3)."""
    if baris.sudah_tanda_tangan:
        raise AturanDilanggar(aturan.SUDAH_TTD, f"({desa.nama})")
    baris.seri_nomor = jenis_nomor
    baris.nomor_peraturan = nomor_berikut(desa, jenis_nomor, tanggal.year)
    baris.tahun_peraturan = tanggal.year
    baris.tanggal_tanda_tangan = tanggal
    baris.kepala_desa_nama = nama.strip()
    baris.ditandatangani_oleh = oleh
    baris.updated_by = oleh
    try:
        with transaction.atomic():  # a savepoint: a refused number leaves the signing transaction usable
            baris.save()
    except IntegrityError:
        raise AturanDilanggar(aturan.NOMOR_TERPAKAI, f"({desa.nama}, Nomor {baris.nomor_peraturan} Tahun "
                              f"{baris.tahun_peraturan})", field="nomor_peraturan") from None


def _isi_pengundangan(baris, desa: Desa, *, oleh, tahun: int, nomor: str, sekretaris: str, tanggal: dt.date,
                      ditandatangani: dt.date | None) -> None:
    """One desa's promulgation in its Berita Desa on a locked row (R12, PP 43/2014 Pasal 88 ayat (3)): dated
    after the document was signed by all and not in the future; its number not held by another document of
    the desa's Berita Desa of that year (checked under a per-desa-year lock, the counter row of NomorUrut). The
    sekretaris desa is named as a person, not by the office printed above the name (``periksa_nama``)."""
    if baris.berita_desa_nomor:
        raise AturanDilanggar(aturan.SUDAH_DIUNDANGKAN, f"({desa.nama})")
    periksa_nama(sekretaris, jabatan="sekretaris desa", field="sekretaris_desa_nama")  # a person, not the office
    NomorUrut.objects.bulk_create([NomorUrut(desa=desa, jenis=SERI_BERITA_DESA, tahun=tahun)], ignore_conflicts=True)
    NomorUrut.objects.select_for_update().get(desa=desa, jenis=SERI_BERITA_DESA, tahun=tahun)
    kumpulkan(
        lambda: aturan.periksa_urutan_tanggal(tanggal, "pengundangan", sesudah=[(ditandatangani, "penandatanganan")],
                                              hari_ini=timezone.localdate()),
        lambda: aturan.periksa_berita_desa_unik(nomor, tahun, desa.nama, _berita_desa_terpakai(desa, tahun, baris)),
    )
    baris.berita_desa_tahun = tahun
    baris.berita_desa_nomor = nomor
    baris.sekretaris_desa_nama = sekretaris.strip()
    baris.tanggal_diundangkan = tanggal
    baris.updated_by = oleh
    baris.save()


# The NomorUrut row locked while a desa's Berita Desa number of a year is checked and written (no number of
# its own is counted: the sekretaris desa enters the number of the desa's register).
SERI_BERITA_DESA = "BERITA_DESA"


def _berita_desa_terpakai(desa: Desa, tahun: int, kecuali) -> list[tuple[str, str]]:
    """(number, document) of the desa's Berita Desa of ``tahun``: first Peraturan Bersama of every agreement and
    every amending document, except the row ``kecuali`` being promulgated."""
    hasil = []
    for p in (KerjaSamaPeserta.objects.filter(desa=desa, berita_desa_tahun=tahun).exclude(berita_desa_nomor="")
              .select_related("kerja_sama")):
        if not (isinstance(kecuali, KerjaSamaPeserta) and p.pk == kecuali.pk):
            hasil.append((p.berita_desa_nomor, f"Peraturan Bersama tentang {p.kerja_sama.judul}"))
    for b in (PenandatanganDokumen.objects.filter(desa=desa, berita_desa_tahun=tahun).exclude(berita_desa_nomor="")
              .select_related("produk_hukum")):
        if not (isinstance(kecuali, PenandatanganDokumen) and b.pk == kecuali.pk):
            hasil.append((b.berita_desa_nomor, b.produk_hukum.tentang))
    return hasil


def _cek_nomor_berita_desa(nomor) -> str:
    nomor = str(nomor or "").strip()
    if not nomor:
        raise ValidationError({"berita_desa_nomor": "Isi nomor Berita Desa."})
    if len(nomor) > 20:
        raise ValidationError({"berita_desa_nomor": "Paling banyak 20 karakter."})
    return nomor


def _cek_ttd_pihak_ketiga(nama: str, jabatan: str, nomor: str) -> tuple[str, str, str]:
    nama, jabatan, nomor = nama.strip(), jabatan.strip(), nomor.strip()
    if not nama:
        raise ValidationError({"penandatangan_nama": "Tuliskan nama penanda tangan pihak ketiga."})
    for kolom, nilai, batas in (("penandatangan_nama", nama, 150), ("penandatangan_jabatan", jabatan, 150),
                                ("nomor", nomor, 60)):
        if len(nilai) > batas:
            raise ValidationError({kolom: f"Paling banyak {batas} karakter."})
    return nama, jabatan, nomor


def _ttd_pihak_ketiga(ks: KerjaSamaDesa) -> bool:
    """§C2: has the third party's signature of the Perjanjian Bersama been recorded (D3)?"""
    return ks.pihak_ketiga_tanggal_ttd is not None


def _lengkapi_tanda_tangan(ks: KerjaSamaDesa, oleh, tanggal: dt.date) -> None:
    """After a signature: when every party has signed (R12), the agreement and its document are DITANDATANGANI."""
    aktif = peserta_aktif(_peserta(ks))
    if not all(x.sudah_tanda_tangan for x in aktif):
        return
    tanggal_ttd = [x.tanggal_tanda_tangan for x in aktif]
    if ks.jenis == JenisKerjaSama.PIHAK_KETIGA:
        if not _ttd_pihak_ketiga(ks):
            return
        cek = [lambda: aturan.periksa_ttd_pihak_ketiga(True, _ttd_pihak_ketiga(ks), str(ks.pihak_ketiga))]
        tanggal_ttd.append(ks.pihak_ketiga_tanggal_ttd)  # the later of the two signatures
    else:
        cek = [lambda: aturan.periksa_semua_tanda_tangan(aktif)]
    ks.tanggal_penetapan = max(tanggal_ttd)
    ks.save(update_fields=["tanggal_penetapan", "updated_at"])
    ph = _produk_hukum_untuk(ks, oleh)
    _sistem(ks, "lengkap_ditandatangani", oleh, cek=cek, bukti=[ph])
    ph.tanggal_ditetapkan = ks.tanggal_penetapan
    ph.tahun = ks.tanggal_penetapan.year
    ph.save(update_fields=["tanggal_ditetapkan", "tahun", "updated_at"])
    # Final render with every number, before the document locks.
    produk_hukum_simpan_pdf_final(ph)
    _produk_hukum_pindah(ph, "tandatangani")


def perjanjian_tandatangani_pihak_ketiga(*, kerja_sama: KerjaSamaDesa, oleh, penandatangan_nama: str,
                                         penandatangan_jabatan: str = "", tanggal: dt.date | None = None,
                                         nomor: str = "", bukti_berkas=None) -> KerjaSamaDesa:
    """§C2: the kepala desa records that the third party signed the Perjanjian Bersama (R12, PP 43/2014
    Pasal 143 ayat (3)); the third party has no account of its own. Its signer, position, date and its own
    number of the agreement are kept on the agreement (printed in D3). Optional evidence file (PDF).
    An antar-desa agreement has no Perjanjian Bersama (R4)."""
    tanggal = tanggal or timezone.localdate()
    nama, jabatan, nomor = _cek_ttd_pihak_ketiga(penandatangan_nama, penandatangan_jabatan, nomor)
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        if ks.jenis != JenisKerjaSama.PIHAK_KETIGA:
            raise AturanDilanggar(aturan.R4, "Kerja sama antar desa ditetapkan dengan Peraturan Bersama yang "
                                  "ditandatangani para kepala desa, bukan Perjanjian Bersama dengan pihak ketiga.")
        pl = pelaku(oleh, ks)
        W.alur_untuk(ks).transisi(ks.status, "tandatangani_pihak_ketiga", pl)
        if _ttd_pihak_ketiga(ks):
            raise AturanDilanggar(aturan.SUDAH_TTD, f"({ks.pihak_ketiga})")
        _cek_tanggal_ttd(ks, tanggal)
        ks.pihak_ketiga_penanda_tangan, ks.pihak_ketiga_jabatan = nama, jabatan
        ks.pihak_ketiga_nomor, ks.pihak_ketiga_tanggal_ttd = nomor, tanggal
        ks.updated_by = oleh
        ks.save(update_fields=["pihak_ketiga_penanda_tangan", "pihak_ketiga_jabatan", "pihak_ketiga_nomor",
                               "pihak_ketiga_tanggal_ttd", "updated_by", "updated_at"])
        bukti = []
        if bukti_berkas is not None:
            bukti.append(dokumen_unggah(objek=ks, kabupaten=ks.kabupaten, desa=[ks.desa_pemrakarsa], berkas=bukti_berkas,
                                        isian="bukti_berkas",
                                        jenis=JenisDokumen.PERATURAN, judul=f"Tanda tangan {ks.pihak_ketiga}",
                                        oleh=oleh, boleh=("pdf",)))
        ket = f"{ks.pihak_ketiga}: {nama}{f', {jabatan}' if jabatan else ''}, {fmt.tanggal(tanggal)}"
        _jalankan(ks, "tandatangani_pihak_ketiga", oleh, pelaku_set=pl, bukti=bukti,
                  catatan=f"{ket}; nomor {nomor}." if nomor else f"{ket}.")
        _lengkapi_tanda_tangan(ks, oleh, tanggal)
    return ks


def produk_hukum_simpan_pdf_final(ph: ProdukHukum) -> None:
    """Render synchronously inside the signing transaction: the frozen text is the one that was signed."""
    produk_hukum_simpan_pdf(produk_hukum_id=ph.pk)


def peraturan_unggah_ttd(*, produk_hukum: ProdukHukum, oleh, berkas) -> ProdukHukum:
    """Keep the signed scan beside the generated file: PDF only (magic bytes), ≤ 10 MB, not encrypted."""
    cek_berkas.periksa_unggahan(berkas, boleh=("pdf",), field="file_ttd")
    with transaction.atomic():
        ph = ProdukHukum.objects.select_for_update(of=("self",)).select_related("kerja_sama").get(pk=produk_hukum.pk)
        if ph.kerja_sama_id and not (pelaku(oleh, ph.kerja_sama) & {W.KADES_PESERTA, W.PEMDES_PESERTA, W.PMD_KABUPATEN}):
            raise AturanDilanggar(aturan.BUKAN_PENGUNGGAH_TTD)
        if ph.status not in (StatusProdukHukum.DITANDATANGANI, StatusProdukHukum.DIUNDANGKAN, StatusProdukHukum.DISEBARLUASKAN):
            raise AturanDilanggar(aturan.TTD_BELUM)
        ph.sha256_ttd = cek_berkas.sha256_berkas(berkas)
        ph.file_ttd.save(f"{ph.kode_verifikasi}-ttd.pdf", berkas, save=False)
        ph.updated_by = oleh
        ph.save()
        if ph.kerja_sama_id:
            _langkah(ph.kerja_sama, "unggah_ttd", ph.kerja_sama.status, ph.kerja_sama.status, oleh, bukti=[ph])
    return ph


def peraturan_undangkan(*, kerja_sama: KerjaSamaDesa, desa: Desa, oleh, berita_desa_tahun: int, berita_desa_nomor: str,
                        sekretaris_desa_nama: str, tanggal: dt.date | None = None) -> KerjaSamaPeserta:
    """The sekretaris desa promulgates in the desa's Berita Desa; the last one makes it BERLAKU (R12)."""
    berita_desa_nomor = _cek_nomor_berita_desa(berita_desa_nomor)
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        _pastikan_desa_sendiri(oleh, desa)
        peserta = _peserta(ks)
        p = _pastikan_peserta(ks, desa, peserta)
        W.alur_untuk(ks).transisi(ks.status, "undangkan", pelaku(oleh, ks, peserta))
        p = KerjaSamaPeserta.objects.select_for_update().get(pk=p.pk)
        _isi_pengundangan(p, desa, oleh=oleh, tahun=berita_desa_tahun, nomor=berita_desa_nomor,
                          sekretaris=sekretaris_desa_nama, tanggal=tanggal or timezone.localdate(),
                          ditandatangani=ks.tanggal_penetapan)
        _jalankan(ks, "undangkan", oleh, desa=desa,
                  catatan=f"Berita Desa {desa.nama} Tahun {berita_desa_tahun} Nomor {berita_desa_nomor}.")
        aktif = peserta_aktif(_peserta(ks))
        if all(x.berita_desa_nomor for x in aktif):
            ph = _produk_hukum_untuk(ks, oleh)
            _sistem(ks, "lengkap_diundangkan", oleh, cek=[lambda: aturan.periksa_semua_diundangkan(aktif)], bukti=[ph])
            _produk_hukum_pindah(ph, "undangkan")
    return p


def laporan_kirim(*, kerja_sama: KerjaSamaDesa, oleh, periode: str, isi: str, tanggal: dt.date | None = None,
                  lampiran=None) -> LaporanKerjaSama:
    """BERLAKU: the BKAD's report to the kepala desa, copies to BPD and Bupati via Camat."""
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        lap = LaporanKerjaSama(kerja_sama=ks, periode=periode, isi=isi, tanggal_kirim=tanggal or timezone.localdate(),
                               created_by=oleh, updated_by=oleh)
        lap.full_clean()
        W.alur_untuk(ks).transisi(ks.status, "lapor", pelaku(oleh, ks))
        lap.save()
        bukti = [lap]
        if lampiran is not None:
            bukti.append(dokumen_unggah(objek=lap, kabupaten=ks.kabupaten, desa=[p.desa for p in _peserta(ks)],
                                        berkas=lampiran, isian="lampiran", jenis=JenisDokumen.LAPORAN,
                                        judul=f"Laporan {periode}", oleh=oleh))
        _jalankan(ks, "lapor", oleh, catatan=periode, bukti=bukti)
    return lap


# The content items an amendment may give a new wording (PP 43/2014 Pasal 143 ayat (4); the parties and the
# bidang stay: other parties or another bidang make another agreement).
ISI_DAPAT_DIUBAH = (
    "maksud_tujuan", "ruang_lingkup", "tata_cara_pelaksanaan", "tanggal_selesai", "hak_kewajiban",
    "pendanaan_uraian", "tata_cara_perubahan", "penyelesaian_perselisihan",
)


def _isi_baru_bersih(ks: KerjaSamaDesa, jenis: str, isi_baru: dict[str, Any] | None) -> dict[str, str]:
    """The new wording proposed by a PERUBAHAN, checked: known items only, a real change, a valid end date."""
    bersih: dict[str, str] = {}
    for kunci, nilai in (isi_baru or {}).items():
        if kunci not in ISI_DAPAT_DIUBAH:
            raise ValidationError({"isi_baru": f"Ketentuan '{kunci}' tidak dapat diubah melalui perubahan."})
        if nilai in (None, ""):
            continue
        if kunci == "tanggal_selesai":
            try:
                tgl = nilai if isinstance(nilai, dt.date) else dt.date.fromisoformat(str(nilai))
            except ValueError:
                raise ValidationError({"tanggal_selesai": "Tanggal selesai tidak valid."}) from None
            try:
                batas_jangka(tgl)  # isi_baru is a free dictionary: its date is bounded here, like the forms' dates
            except ValidationError as e:
                raise ValidationError({"tanggal_selesai": e.messages}) from None
            if ks.tanggal_mulai and tgl <= ks.tanggal_mulai:
                raise ValidationError({"tanggal_selesai": "Tanggal selesai harus sesudah tanggal mulai."})
            if tgl != ks.tanggal_selesai:
                bersih[kunci] = tgl.isoformat()
            continue
        teks = str(nilai).strip()
        if teks and teks != (getattr(ks, kunci) or "").strip():
            bersih[kunci] = teks
    if bersih and jenis != JenisPerubahan.PERUBAHAN:
        raise ValidationError({"isi_baru": "Ketentuan baru hanya untuk perubahan; penundaan, pembatalan dan "
                                           "pengakhiran tidak mengubah isi."})
    return bersih


def perubahan_ajukan(*, kerja_sama: KerjaSamaDesa, oleh, jenis: str, uraian: str, alasan: str = "",
                     isi_baru: dict[str, Any] | None = None) -> PerubahanKerjaSama:
    """BERLAKU → PERUBAHAN_DIPROSES: a party asks to change, suspend, cancel or end the agreement.

    A PERUBAHAN may carry the new wording of content items (``isi_baru``, see ``ISI_DAPAT_DIUBAH``); once
    agreed, the amending Peraturan/Perjanjian Bersama states them, and they replace the agreement's text when
    it is in force."""
    if jenis not in JenisPerubahan.values:
        raise ValidationError({"jenis": "Pilih jenis perubahan."})
    if not uraian.strip():
        raise ValidationError({"uraian": "Uraikan perubahan yang diusulkan."})
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        W.alur_untuk(ks).transisi(ks.status, "ajukan_perubahan", pelaku(oleh, ks))
        isi_baru = _isi_baru_bersih(ks, jenis, isi_baru)
        kumpulkan(lambda: aturan.periksa_isi_perubahan(jenis, isi_baru))
        pr = PerubahanKerjaSama(kerja_sama=ks, jenis=jenis, uraian=uraian, alasan=alasan,
                                isi_baru=isi_baru, created_by=oleh, updated_by=oleh)
        pr.full_clean()
        pr.save()
        _jalankan(ks, "ajukan_perubahan", oleh, catatan=f"{pr.get_jenis_display()}: {uraian}", bukti=[pr])
        return pr


def perubahan_putuskan(*, perubahan: PerubahanKerjaSama, oleh, musyawarah: Musyawarah | None, disepakati: bool,
                       tanggal_efektif: dt.date | None = None) -> KerjaSamaDesa:
    """Decide a pending change after the musyawarah of all parties (R13)."""
    with transaction.atomic():
        ks = _kunci(perubahan.kerja_sama)
        pr = PerubahanKerjaSama.objects.select_for_update().get(pk=perubahan.pk)
        if pr.status != StatusPerubahan.DIAJUKAN:
            raise AturanDilanggar(aturan.PERUBAHAN_DIPUTUSKAN)
        aktif = [p.desa for p in peserta_aktif(_peserta(ks))]
        bukti = [pr, *([musyawarah, *_dokumen_dari(musyawarah)] if musyawarah else [])]
        if not disepakati:
            _jalankan(ks, "tolak_perubahan", oleh, bukti=bukti)
            pr.status = StatusPerubahan.DITOLAK
        else:
            aksi = {
                JenisPerubahan.PERUBAHAN: "setujui_perubahan",
                JenisPerubahan.PENUNDAAN: "tangguhkan",
                JenisPerubahan.PEMBATALAN: "batalkan_kerja_sama",
                JenisPerubahan.PENGAKHIRAN: "batalkan_kerja_sama",
            }[pr.jenis]
            berakhir = aksi == "batalkan_kerja_sama"
            _jalankan(ks, aksi, oleh, bukti=bukti, catatan=pr.uraian, cek=[
                lambda: aturan.periksa_musyawarah_semua_pihak(musyawarah, aktif, alasan=pr.alasan, perlu_alasan=berakhir),
                lambda: _cek_musyawarah_keputusan(ks, musyawarah, pr),
            ])
            if berakhir:
                ks.alasan_berakhir = pr.alasan
                ks.save(update_fields=["alasan_berakhir", "updated_at"])
            if pr.jenis == JenisPerubahan.PERUBAHAN:
                pr.dokumen = _perubahan_dokumen_buat(ks, oleh)
            pr.status = StatusPerubahan.DISEPAKATI
        pr.musyawarah = musyawarah
        pr.tanggal_efektif = tanggal_efektif
        pr.updated_by = oleh
        pr.save()
    return ks


# -- an amendment: a new document amending the signed one (§C1 PERUBAHAN_DIPROSES → BERLAKU; §C6) -------------

def _perubahan_dokumen_buat(ks: KerjaSamaDesa, oleh) -> ProdukHukum:
    """The amending Peraturan/Perjanjian Bersama of an agreed PERUBAHAN: a new document ``mengubah`` the first
    one (whose signed text stays frozen), agreed by the musyawarah, with one signatory row per bound desa."""
    asal = _produk_hukum_untuk(ks, oleh)
    ph = ProdukHukum.objects.create(
        jenis=asal.jenis, kerja_sama=ks, kabupaten=ks.kabupaten, mengubah=asal, ukuran_kertas=asal.ukuran_kertas,
        tentang=f"Perubahan atas {asal.get_jenis_display()} tentang {ks.judul}"[:255], created_by=oleh, updated_by=oleh,
    )
    aktif = peserta_aktif(_peserta(ks))
    ph.desa.set([p.desa for p in aktif])
    PenandatanganDokumen.objects.bulk_create([
        PenandatanganDokumen(produk_hukum=ph, desa=p.desa, urutan=p.urutan, created_by=oleh, updated_by=oleh)
        for p in aktif
    ])
    _produk_hukum_pindah(ph, "sepakati")
    produk_hukum_jadwalkan(ph)
    return ph


def perubahan_berjalan(kerja_sama: KerjaSamaDesa) -> PerubahanKerjaSama | None:
    """The agreed PERUBAHAN whose amending document is being signed or promulgated (at most one: the agreement
    stays PERUBAHAN_DIPROSES until it is in force)."""
    return (kerja_sama.perubahan.filter(status=StatusPerubahan.DISEPAKATI, dokumen__isnull=False)
            .select_related("dokumen").order_by("-id").first())


def _perubahan_kunci(kerja_sama: KerjaSamaDesa) -> tuple[KerjaSamaDesa, PerubahanKerjaSama, ProdukHukum]:
    """Lock the agreement, then its change under way and that change's document."""
    ks = _kunci(kerja_sama)
    pr = perubahan_berjalan(ks)
    if pr is None:
        raise AturanDilanggar(aturan.PERUBAHAN_BUKAN_TAHAP)
    pr = PerubahanKerjaSama.objects.select_for_update().get(pk=pr.pk)
    ph = ProdukHukum.objects.select_for_update().get(pk=pr.dokumen_id)
    return ks, pr, ph


def _penandatangan(ph: ProdukHukum) -> list[PenandatanganDokumen]:
    return list(ph.penandatangan.select_related("desa").order_by("urutan", "id"))


def _penandatangan_desa(ph: ProdukHukum, desa: Desa) -> PenandatanganDokumen:
    b = PenandatanganDokumen.objects.select_for_update().filter(produk_hukum=ph, desa=desa).first()
    if b is None:
        raise ValidationError({"desa": f"{desa.nama} bukan pihak {ph.get_jenis_display()} perubahan ini."})
    return b


def perubahan_tandatangani(*, kerja_sama: KerjaSamaDesa, desa: Desa, oleh, kepala_desa_nama: str,
                           tanggal: dt.date | None = None) -> PenandatanganDokumen:
    """One kepala desa signs the amending document for their desa, with the next number of the desa's series.
    The last signature (R12; with a third party, its signature too) freezes the amendment's text."""
    tanggal = tanggal or timezone.localdate()
    periksa_nama(kepala_desa_nama, jabatan="kepala desa", field="kepala_desa_nama")  # a person, not the office
    with transaction.atomic():
        ks, pr, ph = _perubahan_kunci(kerja_sama)
        _pastikan_desa_sendiri(oleh, desa)
        pl = pelaku(oleh, ks)
        W.alur_untuk(ks).transisi(ks.status, "tandatangani_perubahan", pl)
        b = _penandatangan_desa(ph, desa)
        _cek_tanggal_ttd(ks, tanggal, pr)
        _isi_tanda_tangan(b, desa, ph.jenis, oleh=oleh, nama=kepala_desa_nama, tanggal=tanggal)
        _jalankan(ks, "tandatangani_perubahan", oleh, pelaku_set=pl, desa=desa, bukti=[ph],
                  catatan=f"{ph.tentang}: Nomor {b.nomor_peraturan} Tahun {b.tahun_peraturan}; {b.kepala_desa_nama}.")
        _perubahan_lengkapi_ttd(ks, pr, ph, oleh)
    return b


def perubahan_tandatangani_pihak_ketiga(*, kerja_sama: KerjaSamaDesa, oleh, penandatangan_nama: str,
                                        penandatangan_jabatan: str = "", tanggal: dt.date | None = None,
                                        nomor: str = "") -> PerubahanKerjaSama:
    """§C2: the kepala desa records the third party's signature of the amending Perjanjian Bersama (R12)."""
    tanggal = tanggal or timezone.localdate()
    nama, jabatan, nomor = _cek_ttd_pihak_ketiga(penandatangan_nama, penandatangan_jabatan, nomor)
    with transaction.atomic():
        ks, pr, ph = _perubahan_kunci(kerja_sama)
        pl = pelaku(oleh, ks)
        W.alur_untuk(ks).transisi(ks.status, "tandatangani_perubahan_pihak_ketiga", pl)
        if pr.pihak_ketiga_tanggal_ttd:
            raise AturanDilanggar(aturan.SUDAH_TTD, f"({ks.pihak_ketiga})")
        _cek_tanggal_ttd(ks, tanggal, pr)
        pr.pihak_ketiga_penanda_tangan, pr.pihak_ketiga_jabatan = nama, jabatan
        pr.pihak_ketiga_nomor, pr.pihak_ketiga_tanggal_ttd = nomor, tanggal
        pr.updated_by = oleh
        pr.save()
        _jalankan(ks, "tandatangani_perubahan_pihak_ketiga", oleh, pelaku_set=pl, bukti=[ph],
                  catatan=f"{ks.pihak_ketiga}: {nama}{f', {jabatan}' if jabatan else ''}, {fmt.tanggal(tanggal)}.")
        _perubahan_lengkapi_ttd(ks, pr, ph, oleh)
    return pr


def _perubahan_lengkapi_ttd(ks: KerjaSamaDesa, pr: PerubahanKerjaSama, ph: ProdukHukum, oleh) -> None:
    """After a signature of the amendment: once every party signed, its final PDF is stored and frozen
    (DITANDATANGANI). A Perjanjian Bersama is then in force; a Peraturan Bersama awaits its Berita Desa."""
    baris = _penandatangan(ph)
    if not all(b.sudah_tanda_tangan for b in baris):
        return
    tanggal = [b.tanggal_tanda_tangan for b in baris]
    if ks.jenis == JenisKerjaSama.PIHAK_KETIGA:
        if pr.pihak_ketiga_tanggal_ttd is None:
            return
        tanggal.append(pr.pihak_ketiga_tanggal_ttd)
    kumpulkan(lambda: aturan.periksa_semua_tanda_tangan(baris))
    ph.tanggal_ditetapkan = max(tanggal)
    ph.tahun = ph.tanggal_ditetapkan.year
    ph.save(update_fields=["tanggal_ditetapkan", "tahun", "updated_at"])
    produk_hukum_simpan_pdf_final(ph)
    _produk_hukum_pindah(ph, "tandatangani")
    if ks.jenis == JenisKerjaSama.PIHAK_KETIGA:
        _perubahan_berlakukan(ks, pr, ph, oleh, ph.tanggal_ditetapkan)
    else:
        _sistem(ks, "perubahan_ditandatangani", oleh, bukti=[ph])


def perubahan_undangkan(*, kerja_sama: KerjaSamaDesa, desa: Desa, oleh, berita_desa_tahun: int,
                        berita_desa_nomor: str, sekretaris_desa_nama: str,
                        tanggal: dt.date | None = None) -> PenandatanganDokumen:
    """The sekretaris desa promulgates the signed amendment in the desa's Berita Desa; the last one puts the
    amendment in force and the agreement back to BERLAKU (R12, PP 43/2014 Pasal 88 ayat (3))."""
    berita_desa_nomor = _cek_nomor_berita_desa(berita_desa_nomor)
    tanggal = tanggal or timezone.localdate()
    with transaction.atomic():
        ks, pr, ph = _perubahan_kunci(kerja_sama)
        _pastikan_desa_sendiri(oleh, desa)
        pl = pelaku(oleh, ks)
        W.alur_untuk(ks).transisi(ks.status, "undangkan_perubahan", pl)
        kumpulkan(lambda: aturan.periksa_semua_tanda_tangan(_penandatangan(ph)))
        b = _penandatangan_desa(ph, desa)
        _isi_pengundangan(b, desa, oleh=oleh, tahun=berita_desa_tahun, nomor=berita_desa_nomor,
                          sekretaris=sekretaris_desa_nama, tanggal=tanggal, ditandatangani=ph.tanggal_ditetapkan)
        _jalankan(ks, "undangkan_perubahan", oleh, pelaku_set=pl, desa=desa, bukti=[ph],
                  catatan=f"{ph.tentang}: Berita Desa {desa.nama} Tahun {berita_desa_tahun} Nomor {berita_desa_nomor}.")
        baris = _penandatangan(ph)
        if all(x.berita_desa_nomor for x in baris):
            kumpulkan(lambda: aturan.periksa_semua_diundangkan(baris))
            _produk_hukum_pindah(ph, "undangkan")
            _perubahan_berlakukan(ks, pr, ph, oleh, max(x.tanggal_diundangkan for x in baris))
    return b


def _perubahan_berlakukan(ks: KerjaSamaDesa, pr: PerubahanKerjaSama, ph: ProdukHukum, oleh, tanggal: dt.date) -> None:
    """The amendment is in force: its new wording replaces the agreement's text (the first document's PDF
    stays as signed), the change is BERLAKU and the agreement back to BERLAKU."""
    ubah = []
    for kunci, nilai in (pr.isi_baru or {}).items():
        setattr(ks, kunci, dt.date.fromisoformat(nilai) if kunci == "tanggal_selesai" else nilai)
        ubah.append(kunci)
    if ubah:
        ks.updated_by = oleh
        ks.save(update_fields=[*ubah, "updated_by", "updated_at"])
    pr.status = StatusPerubahan.BERLAKU
    pr.tanggal_efektif = pr.tanggal_efektif or tanggal
    pr.updated_by = oleh
    pr.save()
    _sistem(ks, "perubahan_berlaku", oleh, bukti=[ph, pr], catatan=pr.uraian)


# -- dissemination (§C6 DIUNDANGKAN → DISEBARLUASKAN; PP 43/2014 Pasal 88 ayat (3)) -------------------------

def _baris_pengesahan(ph: ProdukHukum, ks: KerjaSamaDesa) -> list:
    """The per-desa rows of a Peraturan Bersama: the party rows for the first document, its own signatory rows
    for an amendment."""
    if ph.mengubah_id:
        return _penandatangan(ph)
    return peserta_aktif(_peserta(ks))


def dokumen_untuk_disebarluaskan(ks: KerjaSamaDesa, desa: Desa) -> ProdukHukum | None:
    """The oldest Peraturan Bersama of the agreement (first document or amendment) that this desa has
    promulgated but not yet disseminated."""
    from .tindakan import perlu_disebarluaskan

    saya = ks.peserta.filter(desa=desa).first()
    dokumen = ks.produk_hukum.filter(jenis=JenisProdukHukum.PERATURAN_BERSAMA_KADES).prefetch_related("penandatangan")
    return next((ph for ph in dokumen.order_by("id") if perlu_disebarluaskan(ph, saya)), None)


def peraturan_sebarluaskan(*, kerja_sama: KerjaSamaDesa, desa: Desa, oleh, cara: str, produk_hukum: ProdukHukum | None = None,
                           tanggal: dt.date | None = None, keterangan: str = "", bukti_berkas=None):
    """A desa records how it made a promulgated Peraturan Bersama (or amendment; by default the oldest one it
    has not yet disseminated) known to its people, with optional evidence (photo of the notice board, minutes
    of the Musdes …). When every desa has, the document is DISEBARLUASKAN (§C6)."""
    from .choices import CaraPenyebarluasan

    if cara not in CaraPenyebarluasan.values:
        raise ValidationError({"cara": "Pilih cara penyebarluasan."})
    if len(keterangan) > 255:
        raise ValidationError({"keterangan": "Paling banyak 255 karakter."})
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        if produk_hukum is None:
            produk_hukum = dokumen_untuk_disebarluaskan(ks, desa)
            if produk_hukum is None:
                raise AturanDilanggar(aturan.R12, f"Tidak ada Peraturan Bersama yang sudah diundangkan dalam Berita "
                                      f"Desa {desa.nama} dan belum disebarluaskan.")
        if produk_hukum.kerja_sama_id != ks.pk:
            raise ValidationError({"produk_hukum": "Dokumen ini bukan milik kerja sama ini."})
        ph = ProdukHukum.objects.select_for_update().get(pk=produk_hukum.pk)
        _pastikan_desa_sendiri(oleh, desa)
        pl = pelaku(oleh, ks)
        W.alur_untuk(ks).transisi(ks.status, "sebarluaskan", pl)
        baris = next((b for b in _baris_pengesahan(ph, ks) if b.desa_id == desa.pk), None)
        if baris is None:
            raise ValidationError({"desa": f"{desa.nama} bukan pihak peraturan ini."})
        baris = type(baris).objects.select_for_update().get(pk=baris.pk)
        aturan.periksa_semua_diundangkan_sebelum_sebarluas(baris, desa.nama)
        if baris.tanggal_disebarluaskan:
            raise AturanDilanggar(aturan.SUDAH_DISEBARLUASKAN, f"({desa.nama})")
        tanggal = tanggal or timezone.localdate()
        kumpulkan(lambda: aturan.periksa_urutan_tanggal(
            tanggal, "penyebarluasan", sesudah=[(baris.tanggal_diundangkan, "pengundangan dalam Berita Desa")],
            hari_ini=timezone.localdate()))
        baris.tanggal_disebarluaskan = tanggal
        baris.cara_penyebarluasan = cara
        baris.keterangan_penyebarluasan = keterangan.strip()
        baris.updated_by = oleh
        baris.save()
        bukti = [ph]
        if bukti_berkas is not None:
            bukti.append(dokumen_unggah(objek=ph, kabupaten=ks.kabupaten, desa=[desa], berkas=bukti_berkas, isian="bukti_berkas",
                                        jenis=JenisDokumen.LAINNYA, judul=f"Bukti penyebarluasan Desa {desa.nama}",
                                        oleh=oleh))
        _jalankan(ks, "sebarluaskan", oleh, pelaku_set=pl, desa=desa, bukti=bukti,
                  catatan=f"{ph.tentang}: {baris.get_cara_penyebarluasan_display()}, "
                          f"{fmt.tanggal(baris.tanggal_disebarluaskan)}. {baris.keterangan_penyebarluasan}".strip())
        semua = _baris_pengesahan(ph, ks)
        if ph.status == StatusProdukHukum.DIUNDANGKAN and all(b.tanggal_disebarluaskan for b in semua):
            _produk_hukum_pindah(ph, "sebarluaskan")
    return baris


def _musyawarah_terpakai(ks: KerjaSamaDesa) -> set[int]:
    """Musyawarah already the evidence of a step of the agreement (a Musdes, the MAD, a decided change, a
    resumption, an ending …): every step but the mere recording of a musyawarah of all parties."""
    ids: set[int] = set()
    for bukti in ks.langkah.exclude(aksi="musyawarah_para_pihak").values_list("bukti", flat=True):
        ids.update(b["id"] for b in bukti or () if b.get("model") == Musyawarah.__name__)
    return ids


def dasar_musyawarah(ks: KerjaSamaDesa, perubahan: PerubahanKerjaSama | None = None) -> tuple[dt.date | None, str, set[int]]:
    """R13: (earliest day, what began that day, musyawarah already used) for the musyawarah a decision of the
    agreement rests on. The state being decided on began when the agreement (or its latest amendment) came
    into force or at the latest musyawarah already decided on; a change is decided after it was proposed."""
    terpakai = _musyawarah_terpakai(ks)
    calon = [
        (ks.peserta.aggregate(t=Max("tanggal_diundangkan"))["t"], "kerja sama berlaku"),
        (ks.tanggal_penetapan, "kerja sama ditandatangani"),
        (PenandatanganDokumen.objects.filter(produk_hukum__kerja_sama=ks).aggregate(t=Max("tanggal_diundangkan"))["t"],
         "perubahan terakhir berlaku"),
        (ks.musyawarah.filter(pk__in=terpakai).aggregate(t=Max("tanggal"))["t"], "musyawarah keputusan sebelumnya"),
    ]
    if perubahan is not None:
        calon.append((timezone.localdate(perubahan.created_at), "perubahan diajukan"))
    calon = [c for c in calon if c[0] is not None]
    if not calon:
        return None, "", terpakai
    sejak, apa = max(calon, key=lambda c: c[0])
    return sejak, apa, terpakai


def _cek_musyawarah_keputusan(ks: KerjaSamaDesa, musyawarah, perubahan: PerubahanKerjaSama | None = None) -> None:
    sejak, apa, terpakai = dasar_musyawarah(ks, perubahan)
    aturan.periksa_musyawarah_keputusan(musyawarah, kerja_sama_id=ks.pk, sejak=sejak, sejak_apa=apa, terpakai=terpakai)


def musyawarah_pilihan(ks: KerjaSamaDesa, qs, perubahan: PerubahanKerjaSama | None = None):
    """The musyawarah a decision form offers: those R13 would accept as its basis (date and first use)."""
    sejak, _, terpakai = dasar_musyawarah(ks, perubahan)
    layak = [m.pk for m in qs if aturan.musyawarah_layak(m, kerja_sama_id=ks.pk, sejak=sejak, terpakai=terpakai)]
    return qs.filter(pk__in=layak)


def kerjasama_lanjutkan(*, kerja_sama: KerjaSamaDesa, oleh, musyawarah: Musyawarah | None) -> KerjaSamaDesa:
    """DITANGGUHKAN → BERLAKU, again agreed by all parties (R13)."""
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        aktif = [p.desa for p in peserta_aktif(_peserta(ks))]
        return _jalankan(ks, "lanjutkan", oleh, bukti=[musyawarah, *_dokumen_dari(musyawarah)] if musyawarah else [],
                         cek=[lambda: aturan.periksa_musyawarah_semua_pihak(musyawarah, aktif),
                              lambda: _cek_musyawarah_keputusan(ks, musyawarah)])


def perselisihan_ajukan(*, kerja_sama: KerjaSamaDesa, oleh, uraian: str) -> Perselisihan:
    """BERLAKU → DALAM_PERSELISIHAN; settled first by musyawarah of the parties (R14)."""
    if not uraian.strip():
        raise ValidationError({"uraian": "Uraikan pokok perselisihan."})
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        W.alur_untuk(ks).transisi(ks.status, "ajukan_perselisihan", pelaku(oleh, ks))
        ps = Perselisihan.objects.create(kerja_sama=ks, uraian=uraian, created_by=oleh, updated_by=oleh)
        _jalankan(ks, "ajukan_perselisihan", oleh, catatan=uraian, bukti=[ps])
        return ps


def perselisihan_eskalasi(*, perselisihan: Perselisihan, oleh) -> Perselisihan:
    """Unresolved by musyawarah: to the camat (one kecamatan) or the bupati/wali kota (several) — R14."""
    with transaction.atomic():
        ks = _kunci(perselisihan.kerja_sama)
        ps = Perselisihan.objects.select_for_update().get(pk=perselisihan.pk)
        W.alur_untuk(ks).transisi(ks.status, "eskalasi_perselisihan", pelaku(oleh, ks))
        if ps.status != StatusPerselisihan.DIAJUKAN:
            raise AturanDilanggar(aturan.PERSELISIHAN_BUKAN_TAHAP)
        aktif = [p.desa for p in peserta_aktif(_peserta(ks))]
        ps.tingkat = aturan.tingkat_fasilitasi(aktif)
        ps.status = (
            StatusPerselisihan.FASILITASI_CAMAT if ps.tingkat == TingkatPerselisihan.CAMAT
            else StatusPerselisihan.FASILITASI_BUPATI
        )
        ps.updated_by = oleh
        ps.save()
        _jalankan(ks, "eskalasi_perselisihan", oleh, catatan=ps.get_tingkat_display(), bukti=[ps])
    return ps


def perselisihan_proses_hukum(*, perselisihan: Perselisihan, oleh, uraian: str = "") -> Perselisihan:
    """§C2 / C1.1: a dispute with a third party still unresolved after facilitation goes to court (R14)."""
    with transaction.atomic():
        ks = _kunci(perselisihan.kerja_sama)
        ps = Perselisihan.objects.select_for_update().get(pk=perselisihan.pk)
        pl = pelaku(oleh, ks)
        if ks.jenis != JenisKerjaSama.PIHAK_KETIGA:  # antar desa: the facilitated settlement is final
            kumpulkan(lambda: aturan.periksa_proses_hukum(ks, ps.status))
        W.alur_untuk(ks).transisi(ks.status, "proses_hukum", pl)
        kumpulkan(lambda: aturan.periksa_proses_hukum(ks, ps.status))
        ps.tingkat = TingkatPerselisihan.PROSES_HUKUM
        ps.status = StatusPerselisihan.PROSES_HUKUM
        ps.updated_by = oleh
        ps.save()
        _jalankan(ks, "proses_hukum", oleh, pelaku_set=pl, catatan=uraian, bukti=[ps])
    return ps


def perselisihan_selesaikan(*, perselisihan: Perselisihan, oleh, hasil: str, berlanjut: bool,
                            berita_acara=None) -> Perselisihan:
    """Record the final settlement (R14): by the parties at the musyawarah stage, by the camat or by the
    Dinas PMD for the bupati at the facilitation stage (a court's ruling for a third party); the agreement
    goes on or ends."""
    if not hasil.strip():
        raise ValidationError({"hasil": "Tuliskan hasil penyelesaian."})
    with transaction.atomic():
        ks = _kunci(perselisihan.kerja_sama)
        ps = Perselisihan.objects.select_for_update().get(pk=perselisihan.pk)
        pl = pelaku(oleh, ks)
        W.alur_untuk(ks).transisi(ks.status, "selesaikan_perselisihan", pl)
        if ps.status in (StatusPerselisihan.SELESAI_MUSYAWARAH, StatusPerselisihan.SELESAI_FINAL):
            raise AturanDilanggar(aturan.PERSELISIHAN_BUKAN_TAHAP)
        kumpulkan(lambda: aturan.periksa_pencatat_penyelesaian(ps.status, pl),
                  lambda: aturan.periksa_berita_acara_penyelesaian(ps.status, berita_acara is not None))
        ps.status = StatusPerselisihan.SELESAI_MUSYAWARAH if ps.status == StatusPerselisihan.DIAJUKAN else StatusPerselisihan.SELESAI_FINAL
        ps.hasil = hasil
        ps.kerja_sama_berlanjut = berlanjut
        ps.fasilitator = str(oleh)
        ps.updated_by = oleh
        ps.save()
        bukti = [ps]
        if berita_acara is not None:
            bukti.append(dokumen_unggah(objek=ps, kabupaten=ks.kabupaten, desa=[p.desa for p in _peserta(ks)],
                                        berkas=berita_acara, isian="berita_acara", jenis=JenisDokumen.BERITA_ACARA,
                                        judul="Berita acara penyelesaian perselisihan", oleh=oleh))
        _jalankan(ks, "selesaikan_perselisihan", oleh, pelaku_set=pl, catatan=hasil, bukti=bukti)
        _sistem(ks, "perselisihan_berlanjut" if berlanjut else "perselisihan_berakhir", oleh)
        if not berlanjut:
            ks.alasan_berakhir = "KESEPAKATAN_PARA_PIHAK"
            ks.save(update_fields=["alasan_berakhir", "updated_at"])
    return ps


def kerjasama_akhiri(*, kerja_sama: KerjaSamaDesa, oleh, alasan: str, musyawarah: Musyawarah | None = None,
                     hari_ini: dt.date | None = None) -> KerjaSamaDesa:
    """BERLAKU → BERAKHIR for a reason of PP 43/2014 Pasal 147. The end of the term (huruf i) needs no
    musyawarah once the end date has passed; every other reason needs the musyawarah of all parties (R13)."""
    hari_ini = hari_ini or timezone.localdate()
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        aktif = [p.desa for p in peserta_aktif(_peserta(ks))]
        _jalankan(ks, "akhiri", oleh, catatan=alasan_berakhir_teks(alasan), bukti=[musyawarah, *_dokumen_dari(musyawarah)] if musyawarah else [], cek=[
            lambda: aturan.periksa_pengakhiran(ks, alasan=alasan, musyawarah=musyawarah, desa_peserta=aktif, hari_ini=hari_ini),
            lambda: _cek_musyawarah_keputusan(ks, musyawarah),
        ])
        ks.alasan_berakhir = alasan
        ks.save(update_fields=["alasan_berakhir", "updated_at"])
    return ks


def kerjasama_berlakukan(*, kerja_sama: KerjaSamaDesa, oleh, hari_ini: dt.date | None = None) -> KerjaSamaDesa:
    """§C2 DITANDATANGANI → BERLAKU: a Perjanjian Bersama takes effect on its start date (it is not
    promulgated in the Berita Desa). A Peraturan Bersama (antar desa) takes effect by promulgation: R4."""
    hari_ini = hari_ini or timezone.localdate()
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        if ks.jenis != JenisKerjaSama.PIHAK_KETIGA:
            raise AturanDilanggar(aturan.R4, "Peraturan Bersama Kepala Desa berlaku setelah diundangkan dalam "
                                  "Berita Desa setiap desa peserta, bukan dengan langkah ini.")
        berlaku = ks.produk_hukum.filter(jenis=JenisProdukHukum.PERJANJIAN_BERSAMA, mengubah__isnull=True).order_by("id")[:1]
        return _jalankan(ks, "berlakukan", oleh, cek=[lambda: aturan.periksa_sudah_mulai(ks, hari_ini)],
                         bukti=list(berlaku), catatan=f"Berlaku sejak {ks.tanggal_mulai:%d-%m-%Y}." if ks.tanggal_mulai else "")


def kerjasama_tutup(*, kerja_sama: KerjaSamaDesa, oleh, laporan_akhir: str) -> KerjaSamaDesa:
    """BERAKHIR → SELESAI with the final report (and asset handover noted in it)."""
    if not laporan_akhir.strip():
        raise ValidationError({"laporan_akhir": "Tuliskan laporan akhir, termasuk serah terima aset."})
    with transaction.atomic():
        ks = _kunci(kerja_sama)
        W.alur_untuk(ks).transisi(ks.status, "tutup", pelaku(oleh, ks))
        lap = LaporanKerjaSama.objects.create(kerja_sama=ks, periode="Laporan akhir", isi=laporan_akhir,
                                              tanggal_kirim=timezone.localdate(), created_by=oleh, updated_by=oleh)
        _jalankan(ks, "tutup", oleh, catatan=laporan_akhir, bukti=[lap])
    return ks


def kerjasama_batalkan(*, kerja_sama: KerjaSamaDesa, oleh, alasan: str) -> KerjaSamaDesa:
    """Withdraw a plan before the offer is sent."""
    if not alasan.strip():
        raise ValidationError({"alasan": "Tuliskan alasan pembatalan."})
    with transaction.atomic():
        return _jalankan(_kunci(kerja_sama), "batalkan", oleh, catatan=alasan)


def kerjasama_dapat_dilihat(oleh, ks) -> bool:
    return dalam_lingkup(oleh, ks)


__all__ = [n for n in dir() if n.startswith(("kerjasama_", "musdes_", "mad_", "penawaran_", "rancangan_", "peraturan_",
                                              "perubahan_", "perselisihan_", "laporan_", "bkad_", "kontribusi_",
                                              "dokumen_", "produk_hukum_", "komentar_", "musyawarah_"))]
_ = (PelanggaranAturan,)
