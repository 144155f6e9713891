"""Reads of kerja sama desa, always scoped: pages, API, exports and the admin start here.

Every function takes the requesting user and starts from ``scope(user, Model)`` — with one deliberate
exception, ``register_publik()``: the public register of agreements in force is read anonymously and
shows only what the law makes public (PP 43/2014 Pasal 88 ayat (3): a Peraturan Bersama is disseminated
to the community), so it is not scoped and exposes only its own short list of columns.

The pages engineer may append functions at the end of this file.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from akun.scoping import scope
from desa.models import Desa

from .choices import JenisProdukHukum, StatusKerjaSama, StatusProdukHukum
from .models import (
    BKADAnggota,
    Dokumen,
    KerjaSamaDesa,
    KerjaSamaPeserta,
    KontribusiDana,
    LangkahKerjaSama,
    LaporanKerjaSama,
    Musyawarah,
    Notifikasi,
    PenandatanganDokumen,
    Perselisihan,
    PerubahanKerjaSama,
    PihakKetiga,
    ProdukHukum,
    SuratPenawaran,
)

# The agreement's own legal instrument (R4): a Peraturan Bersama, or a Perjanjian Bersama with a third party.
JENIS_PERATURAN = (JenisProdukHukum.PERATURAN_BERSAMA_KADES, JenisProdukHukum.PERJANJIAN_BERSAMA)
STATUS_PRODUK_BERLAKU = (StatusProdukHukum.DIUNDANGKAN, StatusProdukHukum.DISEBARLUASKAN)
STATUS_ANTRIAN_KABUPATEN = (StatusKerjaSama.DIAJUKAN, StatusKerjaSama.DIVERIFIKASI)


# -- agreements -----------------------------------------------------------------------------------

def _peserta_ringkas() -> QuerySet[KerjaSamaPeserta]:
    return KerjaSamaPeserta.objects.select_related("desa").order_by("urutan", "id")


def kerjasama_list(user) -> QuerySet[KerjaSamaDesa]:
    """Agreements the user may see, newest first, with what a list row shows (4 columns of parties).

    Two queries whatever the page size: the page (joined to its initiating desa and kabupaten) and its
    parties with their desa.
    """
    return (
        scope(user, KerjaSamaDesa)
        .select_related("desa_pemrakarsa", "kabupaten")
        .prefetch_related(Prefetch("peserta", queryset=_peserta_ringkas()))
        .order_by("-id")
    )


def peserta_ringkas_untuk(ids) -> dict[int, list[dict]]:
    """The parties of the given agreements as ``.values()`` dicts (one query), for list rows.

    ``ids`` must come from a scoped query (``kerjasama_list``): the parties of a visible agreement are
    visible with it.
    """
    hasil: dict[int, list[dict]] = defaultdict(list)
    rows = (
        KerjaSamaPeserta.objects.filter(kerja_sama_id__in=list(ids))
        .order_by("kerja_sama_id", "urutan", "id")
        .values_list("kerja_sama_id", "desa__kode", "desa__nama", "peran", "penawaran_status")
    )
    for ks_id, kode, nama, peran, penawaran in rows:
        hasil[ks_id].append({"desa__kode": kode, "desa__nama": nama, "peran": peran, "penawaran_status": penawaran})
    return hasil


def kerjasama_get(user, kode: str) -> KerjaSamaDesa:
    """One agreement by code, or 404 when it does not exist or lies outside the user's scope."""
    return get_object_or_404(
        scope(user, KerjaSamaDesa).select_related("desa_pemrakarsa", "kabupaten", "pihak_ketiga"), kode=kode
    )


def kerjasama_detail(user, kode: str) -> KerjaSamaDesa:
    """One agreement with everything its page and API show, in a fixed number of queries.

    Parties (with their desa, kecamatan, kabupaten and Musdes), contributions, BKAD and members, offer
    letters, deliberations (with their desa), legal documents, reports, changes, disputes, and the
    timeline with who did each step. ``ks.dokumen_bukti`` holds the evidence files of those objects.
    """
    qs = (
        scope(user, KerjaSamaDesa)
        .select_related("desa_pemrakarsa__kecamatan__kabupaten", "kabupaten", "pihak_ketiga", "bkad")
        .prefetch_related(
            Prefetch(
                "peserta",
                queryset=KerjaSamaPeserta.objects.select_related("desa__kecamatan__kabupaten", "musdes").order_by(
                    "urutan", "id"
                ),
            ),
            Prefetch("kontribusi", queryset=KontribusiDana.objects.select_related("peserta__desa")),
            Prefetch("bkad__anggota", queryset=BKADAnggota.objects.select_related("asal_desa")),
            Prefetch("surat_penawaran", queryset=SuratPenawaran.objects.select_related("kepada__desa", "kepada_pihak_ketiga")),
            Prefetch("musyawarah", queryset=scope(user, Musyawarah).prefetch_related("desa").order_by("tanggal", "id")),
            Prefetch("produk_hukum", queryset=scope(user, ProdukHukum).prefetch_related(
                Prefetch("penandatangan", queryset=PenandatanganDokumen.objects.select_related("desa").order_by("urutan", "id")),
            ).order_by("id")),
            Prefetch("laporan", queryset=LaporanKerjaSama.objects.order_by("-tanggal_kirim", "-id")),
            Prefetch("perubahan", queryset=PerubahanKerjaSama.objects.order_by("-created_at", "-id")),
            Prefetch("perselisihan", queryset=Perselisihan.objects.order_by("-created_at", "-id")),
            Prefetch("langkah", queryset=LangkahKerjaSama.objects.select_related("oleh", "desa").order_by("waktu", "id")),
        )
    )
    ks = get_object_or_404(qs, kode=kode)
    ks.dokumen_bukti = dokumen_untuk(
        user,
        [*ks.musyawarah.all(), *ks.laporan.all(), *ks.perselisihan.all(), *ks.produk_hukum.all(), ks],
    )
    return ks


def dokumen_untuk(user, objek_list) -> list[Dokumen]:
    """Evidence files attached to any of ``objek_list`` (one query), within the user's scope."""
    per_model: dict[type, list[int]] = defaultdict(list)
    for o in objek_list:
        per_model[type(o)].append(o.pk)
    if not per_model:
        return []
    jenis = ContentType.objects.get_for_models(*per_model)  # cached after the first call
    syarat = Q()
    for model, ids in per_model.items():
        syarat |= Q(content_type=jenis[model], object_id__in=ids)
    return list(scope(user, Dokumen).filter(syarat).select_related("content_type").order_by("created_at", "id"))


def antrian_kabupaten(user) -> QuerySet[KerjaSamaDesa]:
    """The Dinas PMD's review queue: drafts submitted (DIAJUKAN) or verified awaiting the MAD, oldest first."""
    return kerjasama_list(user).filter(status__in=STATUS_ANTRIAN_KABUPATEN).order_by("updated_at", "id")


# -- shared machinery -----------------------------------------------------------------------------

def musyawarah_list(user) -> QuerySet[Musyawarah]:
    return scope(user, Musyawarah).select_related("kerja_sama", "kabupaten").prefetch_related("desa").order_by("-tanggal", "-id")


def produk_hukum_list(user) -> QuerySet[ProdukHukum]:
    return scope(user, ProdukHukum).select_related("kerja_sama", "kabupaten").prefetch_related("desa").order_by("-id")


def produk_hukum_get(user, pk) -> ProdukHukum:
    return get_object_or_404(produk_hukum_list(user), pk=pk)


def dokumen_list(user) -> QuerySet[Dokumen]:
    return scope(user, Dokumen).select_related("content_type", "kabupaten").order_by("-id")


def dokumen_get(user, pk) -> Dokumen:
    return get_object_or_404(dokumen_list(user), pk=pk)


def notifikasi_list(user) -> QuerySet[Notifikasi]:
    """The user's own inbox only (not the inbox of everyone in the region), newest first."""
    if not (user and user.is_authenticated):
        return Notifikasi.objects.none()
    return Notifikasi.objects.filter(penerima=user).select_related("kerja_sama").order_by("-created_at", "-id")


def pihak_ketiga_list(user) -> QuerySet[PihakKetiga]:
    return scope(user, PihakKetiga).select_related("kabupaten").order_by("nama", "id")


def desa_menurut_kode(kode_list) -> dict[str, Desa]:
    """Desa by Kemendagri code, for choosing partner desa.

    Not scoped on purpose: a village head picks partners outside their own desa, and the names and codes
    of desa are public reference data (Kepmendagri). Which desa may take part is decided by the rules of
    law in the service (R2 kelurahan, R3 one kabupaten), which then answer with the rule and article.
    """
    return {d.kode: d for d in Desa.objects.select_related("kecamatan__kabupaten").filter(kode__in=list(kode_list))}


# -- public register (anonymous) ------------------------------------------------------------------

# The only columns the register shows: no contributions, no notes, no people other than the signatories.
KOLOM_PUBLIK = [
    "id", "kode", "judul", "jenis", "status", "bidang", "tanggal_mulai", "tanggal_selesai", "tanggal_penetapan",
    "tempat_penetapan", "kabupaten__kode", "kabupaten__nama",
]


# Agreements whose promulgated document binds the parties: in force, also while an amendment is being made
# (the amended text applies until the amendment is in force) or a dispute settled. A suspended one is not.
STATUS_MASIH_BERLAKU = (StatusKerjaSama.BERLAKU, StatusKerjaSama.PERUBAHAN_DIPROSES, StatusKerjaSama.DALAM_PERSELISIHAN)


def register_publik() -> QuerySet[KerjaSamaDesa]:
    """Agreements in force, for anyone (NOT scoped — see the module docstring).

    In force = status in ``STATUS_MASIH_BERLAKU`` and its Peraturan/Perjanjian Bersama promulgated
    (DIUNDANGKAN or DISEBARLUASKAN). Returns ``.values()`` rows of ``KOLOM_PUBLIK``; use ``register_peserta`` and
    ``register_dokumen`` for their parties and documents.
    """
    berlaku = ProdukHukum.objects.filter(
        kerja_sama=OuterRef("pk"), jenis__in=JENIS_PERATURAN, status__in=STATUS_PRODUK_BERLAKU
    )
    return (
        KerjaSamaDesa.objects.filter(status__in=STATUS_MASIH_BERLAKU)
        .filter(Exists(berlaku))
        .order_by("-tanggal_penetapan", "-id")
        .values(*KOLOM_PUBLIK)
    )


def register_peserta(ids) -> dict[int, list[dict]]:
    """Public columns of the parties of the given agreements (one query)."""
    hasil: dict[int, list[dict]] = defaultdict(list)
    rows = (
        KerjaSamaPeserta.objects.filter(kerja_sama_id__in=list(ids))
        .order_by("kerja_sama_id", "urutan", "id")
        .values("kerja_sama_id", "peran", "desa__kode", "desa__nama", "desa__kecamatan__nama", "nomor_peraturan",
                "tahun_peraturan", "berita_desa_tahun", "berita_desa_nomor")
    )
    for r in rows:
        hasil[r["kerja_sama_id"]].append(r)
    return hasil


def register_dokumen(ids) -> dict[int, list[ProdukHukum]]:
    """The promulgated Peraturan/Perjanjian Bersama of each given agreement, the first document and then its
    amendments in force (``mengubah``), oldest first (one query)."""
    hasil: dict[int, list[ProdukHukum]] = defaultdict(list)
    qs = (
        ProdukHukum.objects.filter(kerja_sama_id__in=list(ids), jenis__in=JENIS_PERATURAN, status__in=STATUS_PRODUK_BERLAKU)
        .only("id", "kerja_sama_id", "jenis", "tentang", "status", "sha256", "file_pdf", "kode_verifikasi",
              "tanggal_ditetapkan", "versi", "mengubah_id")
        .order_by("kerja_sama_id", "id")
    )
    for ph in qs:
        hasil[ph.kerja_sama_id].append(ph)
    return hasil


def register_get(kode: str) -> dict:
    """One agreement in force by code (404 for anything not in force: a draft does not exist here)."""
    return get_object_or_404(register_publik(), kode=kode)


def dokumen_publik_berlaku(kode: str, kode_verifikasi: str | None = None) -> ProdukHukum:
    """The PDF of a document in force of one agreement in force — the first one, or the one with this
    verification code (an amendment); 404 otherwise."""
    row = register_get(kode)
    daftar = register_dokumen([row["id"]]).get(row["id"], [])
    if kode_verifikasi:
        daftar = [ph for ph in daftar if ph.kode_verifikasi == kode_verifikasi.strip().upper()]
    if not daftar or not daftar[0].file_pdf:
        raise Http404
    return daftar[0]



# -- pages (appended by the pages engineer) --------------------------------------------------------

def desa_calon_mitra(user) -> QuerySet[Desa]:
    """Desa a village head may offer cooperation to: desa and desa adat of the SAME kabupaten as the
    user's own desa, the own desa excluded, with what their R29 label needs.

    Built explicitly rather than through ``scope(user, Desa)``: for a desa user the scope holds only
    their own desa, yet choosing partners means seeing the neighbours' names and codes (public
    reference data, Kepmendagri). Narrowed to what the law allows (R2: no kelurahan; R3: one
    kabupaten), so the picker never offers a desa the service would refuse. Empty for anyone who is
    not a desa user (only a desa drafts a plan).
    """
    from desa.choices import JenisDesa

    kode = getattr(user, "wilayah_kode", "") or ""
    if not (user and user.is_authenticated and user.role in ("operator_desa", "kepala_desa") and len(kode) == 13):
        return Desa.objects.none()
    return (
        Desa.objects.filter(kecamatan__kabupaten__kode=kode[:5], jenis__in=[JenisDesa.DESA, JenisDesa.DESA_ADAT], aktif=True)
        .exclude(kode=kode)
        .select_related("kecamatan__kabupaten")
        .order_by("nama", "kode")
    )


def penawaran_menunggu(user) -> QuerySet[KerjaSamaPeserta]:
    """Offers waiting for the answer of the user's own desa (a partner listed, offer sent), oldest first."""
    kode = getattr(user, "wilayah_kode", "") or ""
    if len(kode) != 13:
        return KerjaSamaPeserta.objects.none()
    from .choices import PeranPeserta, StatusPenawaran

    # The answer deadline of the letter to this desa (§C1 timeout), in the same query.
    batas = SuratPenawaran.objects.filter(kepada=OuterRef("pk")).order_by("-id").values("batas_jawab")[:1]
    return (
        scope(user, KerjaSamaPeserta)
        .filter(desa__kode=kode, peran=PeranPeserta.MITRA, penawaran_status=StatusPenawaran.DIKIRIM,
                kerja_sama__status=StatusKerjaSama.PENAWARAN)
        .select_related("desa", "musdes", "kerja_sama__desa_pemrakarsa__kecamatan__kabupaten")
        .annotate(batas_jawab=Subquery(batas))
        # an offer whose deadline has passed waits for no answer any more (BATAS_JAWAB, aturan.surat_lewat_batas)
        .filter(Q(batas_jawab__isnull=True) | Q(batas_jawab__gte=timezone.localdate()))
        .order_by("kerja_sama__updated_at", "id")
    )


def kerjasama_berjalan(user, batas: int = 200) -> list[KerjaSamaDesa]:
    """Agreements still moving (not SELESAI/BATAL), least recently touched first, at most ``batas``, with
    what ``tindakan.Konteks.dari`` reads (parties, legal documents with their signatories, disputes,
    changes, the unanswered offer letters with their deadlines) prefetched: asking what a user may do on each
    costs no further query."""
    return list(
        kerjasama_list(user)
        .exclude(status__in=[StatusKerjaSama.SELESAI, StatusKerjaSama.BATAL])
        .prefetch_related(
            Prefetch("produk_hukum", queryset=scope(user, ProdukHukum).filter(jenis__in=JENIS_PERATURAN)
                     .prefetch_related("penandatangan")),
            "perselisihan", "perubahan",
            Prefetch("surat_penawaran", queryset=SuratPenawaran.objects.filter(jawaban="")),
        )
        .order_by("updated_at", "id")[:batas]
    )


def notifikasi_belum_dibaca(user) -> QuerySet[Notifikasi]:
    return notifikasi_list(user).filter(dibaca=False)


def desa_pihak(ks: KerjaSamaDesa, desa_ids) -> QuerySet[Desa]:
    """The given parties' desa of an agreement already read through the scope gate, as a queryset for
    choice fields (MAD attendance, BKAD members): only desa that take part in ``ks`` can be chosen."""
    return (
        Desa.objects.filter(pk__in=list(desa_ids), kerja_sama_peserta__kerja_sama=ks)
        .select_related("kecamatan__kabupaten")
        .order_by("kode")
        .distinct()
    )


def produk_hukum_verifikasi() -> QuerySet[ProdukHukum]:
    """Legal documents looked up by their verification code on the public page (/v/<kode>/).

    Not scoped on purpose: the short code printed on the copy (10 random characters) is what grants
    access, and the page shows only title, parties, status, date and hashes — never the file itself.
    """
    return ProdukHukum.objects.select_related("kerja_sama", "kabupaten").prefetch_related("desa")
