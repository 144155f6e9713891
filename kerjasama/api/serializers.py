"""API v1 shapes of kerja sama desa: read shapes, and one small input serializer per action.

Input serializers only parse (types, choices, which desa of this agreement); the rules of law and who
may act are the services' business, and a refusal comes back as ``{"detail","kode","pelanggaran"}``.

The agreement list is the hot path (tens of thousands of rows per province): it is built from
``.values()`` rows by ``baris_kerjasama`` without model instances; ``KerjaSamaRingkasSerializer``
describes the same shape for the OpenAPI schema.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from desa.api.serializers import WilayahRingkasSerializer
from desa.models import Desa
from inti.tanggal import tanggal_api
from inti.teks import PANJANG_ISI, teks_api

from .. import aturan
from ..choices import (
    AgendaMAD,
    AlasanBerakhir,
    BentukKontribusi,
    Bidang,
    CaraPenyebarluasan,
    HasilMusyawarah,
    JabatanBKAD,
    JawabanPenawaran,
    JenisKelamin,
    JenisKerjaSama,
    JenisPerubahan,
    Prakarsa,
    StatusKerjaSama,
    SumberDana,
    UnsurBKAD,
)
from ..models import (
    BKAD,
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
from ..queries import desa_menurut_kode
from ..tindakan import Konteks, langkah_tersedia

# The table's actions (workflow.ALUR_ANTAR_DESA) and the endpoint that starts each of them.
ENDPOINT_AKSI = {
    "siapkan": "siapkan",
    "musdes_sepakat": "musdes",
    "musdes_tidak_sepakat": "musdes",
    "konfirmasi_rpjmdes": "konfirmasi-rpjmdes",
    "kirim_penawaran": "kirim-penawaran",
    "jawab_penawaran": "jawab-penawaran",
    "ajukan_rancangan": "ajukan",
    "verifikasi": "verifikasi",
    "kembalikan": "kembalikan",
    "mad_sepakat": "mad",
    "mad_tidak_sepakat": "mad",
    "tandatangani": "tandatangani",
    "undangkan": "undangkan",
    "lapor": "laporan",
    "ajukan_perubahan": "perubahan",
    "setujui_perubahan": "putuskan-perubahan",
    "tolak_perubahan": "putuskan-perubahan",
    "tangguhkan": "putuskan-perubahan",
    "batalkan_kerja_sama": "putuskan-perubahan",
    "lanjutkan": "lanjutkan",
    "ajukan_perselisihan": "perselisihan",
    "eskalasi_perselisihan": "eskalasi-perselisihan",
    "selesaikan_perselisihan": "selesaikan-perselisihan",
    "akhiri": "akhiri",
    "tutup": "tutup",
    "batalkan": "batalkan",
    # §C2 (in §C1 penawaran_diterima/ditolak are system moves and never listed)
    "penawaran_diterima": "jawab-pihak-ketiga",
    "penawaran_ditolak": "jawab-pihak-ketiga",
    "tandatangani_pihak_ketiga": "tandatangani-pihak-ketiga",
    "berlakukan": "berlakukan",
    "proses_hukum": "proses-hukum",
    # an amendment (§C6 "mengubah") and dissemination (PP 43/2014 Pasal 88 ayat (3))
    "tandatangani_perubahan": "tandatangani-perubahan",
    "undangkan_perubahan": "undangkan-perubahan",
    "tandatangani_perubahan_pihak_ketiga": "tandatangani-perubahan-pihak-ketiga",
    "sebarluaskan": "sebarluaskan",
    # steps outside the table (kerjasama/tindakan.py)
    "musdes_mitra": "musdes",
    "musyawarah_para_pihak": "musyawarah",
    "unggah_ttd": "unggah-ttd",
    "komentar": "komentar",
    "tuntaskan_penawaran": "tuntaskan-penawaran",
}


def url_verifikasi(kode_verifikasi: str) -> str:
    """The public verification page of a document (URL contract: /v/<kode_verifikasi>/)."""
    try:
        return reverse("kerjasama:verifikasi", args=[kode_verifikasi])
    except NoReverseMatch:  # the documents part of the namespace is not mounted (yet)
        return f"/v/{kode_verifikasi}/"


# -- small read shapes ----------------------------------------------------------------------------

class PesertaRingkasSerializer(serializers.Serializer):
    kode = serializers.CharField(read_only=True, help_text="kode desa")
    nama = serializers.CharField(read_only=True)
    peran = serializers.CharField(read_only=True)
    penawaran_status = serializers.CharField(read_only=True)


# Columns of the list rows, named as ``baris_kerjasama`` expects them.
KOLOM_LIST = [
    "id", "kode", "jenis", "judul", "status", "bidang", "tanggal_mulai", "tanggal_selesai", "tanggal_penetapan",
    "created_at", "updated_at", "kabupaten__kode", "kabupaten__nama", "desa_pemrakarsa__kode", "desa_pemrakarsa__nama",
]
LABEL_STATUS = dict(StatusKerjaSama.choices)


def _iso(v):
    return v.isoformat() if v is not None else None


def baris_kerjasama(r: dict, peserta: list[dict]) -> dict:
    """One list row from a ``.values(*KOLOM_LIST)`` dict and its parties' ``.values()`` dicts."""
    return {
        "kode": r["kode"],
        "jenis": r["jenis"],
        "judul": r["judul"],
        "status": r["status"],
        "status_label": LABEL_STATUS.get(r["status"], r["status"]),
        "bidang": r["bidang"],
        "tanggal_mulai": _iso(r["tanggal_mulai"]),
        "tanggal_selesai": _iso(r["tanggal_selesai"]),
        "tanggal_penetapan": _iso(r["tanggal_penetapan"]),
        "kabupaten": {"kode": r["kabupaten__kode"], "nama": r["kabupaten__nama"]},
        "desa_pemrakarsa": {"kode": r["desa_pemrakarsa__kode"], "nama": r["desa_pemrakarsa__nama"]},
        "peserta": [
            {"kode": p["desa__kode"], "nama": p["desa__nama"], "peran": p["peran"], "penawaran_status": p["penawaran_status"]}
            for p in peserta
        ],
        "created_at": _iso(r["created_at"]),
        "updated_at": _iso(r["updated_at"]),
    }


class KerjaSamaRingkasSerializer(serializers.Serializer):
    """A list row (the shape ``baris_kerjasama`` builds)."""

    kode = serializers.CharField(read_only=True)
    jenis = serializers.CharField(read_only=True)
    judul = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="status alur C1/C2, mis. BERLAKU")
    status_label = serializers.CharField(read_only=True)
    bidang = serializers.ListField(child=serializers.CharField(), read_only=True)
    tanggal_mulai = serializers.DateField(read_only=True, allow_null=True)
    tanggal_selesai = serializers.DateField(read_only=True, allow_null=True)
    tanggal_penetapan = serializers.DateField(read_only=True, allow_null=True)
    kabupaten = WilayahRingkasSerializer(read_only=True)
    desa_pemrakarsa = WilayahRingkasSerializer(read_only=True)
    peserta = PesertaRingkasSerializer(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class DesaLabelSerializer(serializers.Serializer):
    kode = serializers.CharField(read_only=True)
    nama = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True, help_text="nama — kecamatan, kabupaten (kode) (R29)")


class PesertaSerializer(serializers.ModelSerializer):
    desa = DesaLabelSerializer(read_only=True)
    musdes = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True,
                                                help_text="id Musdes desa ini; null bila belum")

    class Meta:
        model = KerjaSamaPeserta
        fields = [
            "desa", "peran", "urutan", "penawaran_status", "musdes", "tercantum_rpjmdes", "rpjmdes_rujukan",
            "kepala_desa_nama", "sekretaris_desa_nama", "nomor_peraturan", "tahun_peraturan", "tanggal_tanda_tangan",
            "berita_desa_tahun", "berita_desa_nomor", "tanggal_diundangkan",
        ]
        read_only_fields = fields


class KontribusiSerializer(serializers.ModelSerializer):
    desa = serializers.CharField(source="peserta.desa.kode", read_only=True, allow_null=True, default=None)

    class Meta:
        model = KontribusiDana
        fields = ["id", "desa", "sumber", "tahun_anggaran", "nilai", "bentuk", "keterangan"]
        read_only_fields = fields


class BKADAnggotaSerializer(serializers.ModelSerializer):
    asal_desa = serializers.CharField(source="asal_desa.kode", read_only=True)

    class Meta:
        model = BKADAnggota
        fields = ["id", "nama", "asal_desa", "unsur", "jabatan", "jenis_kelamin"]
        read_only_fields = fields


class BKADSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="AKTIF, NONAKTIF, BUBAR")
    anggota = BKADAnggotaSerializer(many=True, read_only=True)

    class Meta:
        model = BKAD
        fields = ["nama", "periode_mulai", "periode_selesai", "status", "anggota"]
        read_only_fields = fields


class DokumenTersimpanSerializer(serializers.Serializer):
    """The generated PDF of an offer letter or a MAD's berita acara (a ProdukHukum born final)."""

    id = serializers.IntegerField(help_text="id produk hukum (/api/v1/produk-hukum/{id}/)")
    jenis = serializers.CharField()
    status = serializers.CharField()
    sha256 = serializers.CharField(allow_null=True)
    sedang_dibuat = serializers.BooleanField()
    url_pdf = serializers.CharField(allow_null=True, help_text="unduhan melalui gerbang lingkup; null bila belum dibuat")


def dokumen_tersimpan(obj) -> dict | None:
    """``obj.dokumen`` for a reader. Under an agreement from ``queries.kerjasama_detail`` the agreement's
    documents are prefetched through the reader's scope: one outside it is shown as null (no query);
    elsewhere the row is read (its download stays behind the scope gate)."""
    ph_id = obj.dokumen_id
    if not ph_id:
        return None
    ks = obj._state.fields_cache.get("kerja_sama")
    terlihat = getattr(ks, "_prefetched_objects_cache", {}).get("produk_hukum") if ks is not None else None
    if terlihat is not None:
        ph = next((p for p in terlihat if p.pk == ph_id), None)
        if ph is None:
            return None
    else:
        ph = obj.dokumen
    return {
        "id": ph.pk, "jenis": ph.jenis, "status": ph.status, "sha256": ph.sha256 or None,
        "sedang_dibuat": ph.sedang_dibuat,
        "url_pdf": reverse("api-produk-hukum-pdf", args=[ph.pk]) if ph.file_pdf else None,
    }


class SuratPenawaranSerializer(serializers.ModelSerializer):
    kepada = serializers.CharField(source="kepada.desa.kode", read_only=True, allow_null=True, default=None,
                                   help_text="kode desa mitra; null untuk surat kepada pihak ketiga (§C2)")
    kepada_pihak_ketiga = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="id pihak ketiga (§C2); null untuk surat kepada desa")
    jawaban = serializers.ChoiceField(choices=JawabanPenawaran.choices, read_only=True, allow_blank=True,
                                      help_text="kosong selama belum dijawab")
    dokumen = serializers.SerializerMethodField()

    class Meta:
        model = SuratPenawaran
        fields = ["id", "kepada", "kepada_pihak_ketiga", "nomor", "tanggal", "batas_jawab", "jawaban", "tanggal_jawaban",
                  "catatan_jawaban", "dokumen"]
        read_only_fields = fields

    def get_dokumen(self, surat) -> DokumenTersimpanSerializer(allow_null=True):  # type: ignore[valid-type]
        return dokumen_tersimpan(surat)


class MusyawarahSerializer(serializers.ModelSerializer):
    kerja_sama = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    desa = serializers.SlugRelatedField(slug_field="kode", many=True, read_only=True)
    dokumen = serializers.SerializerMethodField()

    class Meta:
        model = Musyawarah
        fields = [
            "id", "jenis", "kerja_sama", "desa", "penyelenggara", "tanggal", "tempat", "agenda", "agenda_uraian",
            "jumlah_hadir", "jumlah_perempuan", "pimpinan", "notulis", "hasil", "keputusan_ringkas", "dokumen",
        ]
        read_only_fields = fields

    def get_dokumen(self, m) -> DokumenTersimpanSerializer(allow_null=True):  # type: ignore[valid-type]
        """Berita acara PDF of a MAD (null for a Musdes, or before it exists)."""
        return dokumen_tersimpan(m)


class ProdukHukumSerializer(serializers.ModelSerializer):
    kerja_sama = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    url_pdf = serializers.SerializerMethodField()
    url_ttd = serializers.SerializerMethodField()
    url_verifikasi = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="alur C6: DRAFT … DIUNDANGKAN, DISEBARLUASKAN, DICABUT")

    class Meta:
        model = ProdukHukum
        fields = [
            "id", "jenis", "kerja_sama", "tentang", "nomor", "tahun", "status", "versi", "mengubah", "ukuran_kertas",
            "sha256", "sha256_ttd", "dibuat_pada", "kode_verifikasi", "tanggal_ditetapkan", "sedang_dibuat",
            "galat_pembuatan", "url_pdf", "url_ttd", "url_verifikasi",
        ]
        read_only_fields = fields

    def get_url_pdf(self, ph) -> str | None:
        return reverse("api-produk-hukum-pdf", args=[ph.pk]) if ph.file_pdf else None

    def get_url_ttd(self, ph) -> str | None:
        return reverse("api-produk-hukum-ttd", args=[ph.pk]) if ph.file_ttd else None

    def get_url_verifikasi(self, ph) -> str:
        return url_verifikasi(ph.kode_verifikasi)


class LaporanSerializer(serializers.ModelSerializer):
    class Meta:
        model = LaporanKerjaSama
        fields = ["id", "periode", "isi", "tanggal_kirim"]
        read_only_fields = fields


class PenandatanganSerializer(serializers.ModelSerializer):
    desa = serializers.CharField(source="desa.kode", read_only=True)
    desa_nama = serializers.CharField(source="desa.nama", read_only=True)
    cara_penyebarluasan = serializers.ChoiceField(choices=CaraPenyebarluasan.choices, read_only=True, allow_blank=True,
                                                  help_text="kosong selama belum disebarluaskan")

    class Meta:
        model = PenandatanganDokumen
        fields = ["desa", "desa_nama", "kepala_desa_nama", "nomor_peraturan", "tahun_peraturan", "tanggal_tanda_tangan",
                  "sekretaris_desa_nama", "berita_desa_tahun", "berita_desa_nomor", "tanggal_diundangkan",
                  "tanggal_disebarluaskan", "cara_penyebarluasan", "keterangan_penyebarluasan"]
        read_only_fields = fields


class PerubahanSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="DIAJUKAN, DISEPAKATI, DITOLAK, BERLAKU (perubahan berlaku)")
    alasan = serializers.CharField(read_only=True, help_text="PP 43/2014 Pasal 147; kosong bila bukan pengakhiran")
    isi_baru = serializers.JSONField(read_only=True, help_text="ketentuan yang diubah: {nama isi: rumusan baru}")
    dokumen = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True,
                                                 help_text="id produk hukum perubahan (mengubah); null sebelum dibuat")
    penandatangan = serializers.SerializerMethodField()

    class Meta:
        model = PerubahanKerjaSama
        fields = ["id", "jenis", "uraian", "alasan", "isi_baru", "musyawarah", "status", "tanggal_efektif", "dokumen",
                  "penandatangan", "pihak_ketiga_penanda_tangan", "pihak_ketiga_jabatan", "pihak_ketiga_nomor",
                  "pihak_ketiga_tanggal_ttd", "created_at"]
        read_only_fields = fields

    def get_penandatangan(self, pr) -> PenandatanganSerializer(many=True):  # type: ignore[valid-type]
        # From the agreement's prefetched documents (queries.kerjasama_detail): no query per change.
        ph = next((p for p in pr.kerja_sama.produk_hukum.all() if p.pk == pr.dokumen_id), None)
        return PenandatanganSerializer(ph.penandatangan.all(), many=True).data if ph else []


class PerselisihanSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="C1.1: DIAJUKAN, FASILITASI_CAMAT, FASILITASI_BUPATI, SELESAI_…")

    class Meta:
        model = Perselisihan
        fields = ["id", "uraian", "tingkat", "status", "fasilitator", "hasil", "kerja_sama_berlanjut", "created_at"]
        read_only_fields = fields


class LangkahSerializer(serializers.ModelSerializer):
    oleh = serializers.SerializerMethodField()
    desa = serializers.CharField(source="desa.kode", read_only=True, allow_null=True, default=None)

    class Meta:
        model = LangkahKerjaSama
        fields = ["id", "aksi", "dari_status", "ke_status", "oleh", "desa", "catatan", "bukti", "waktu"]
        read_only_fields = fields

    def get_oleh(self, langkah) -> str | None:
        u = langkah.oleh
        return (u.get_full_name() or u.username) if u else None


class DokumenSerializer(serializers.ModelSerializer):
    objek = serializers.CharField(source="content_type.model", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Dokumen
        fields = ["id", "jenis", "judul", "objek", "object_id", "nama_asli", "ukuran", "sha256", "nomor", "tanggal",
                  "visibilitas", "url"]
        read_only_fields = fields

    def get_url(self, dok) -> str:
        return reverse("api-dokumen-unduh", args=[dok.pk])


class AksiSerializer(serializers.Serializer):
    aksi = serializers.CharField(read_only=True, help_text="nama langkah pada tabel alur (workflow.py)")
    label = serializers.CharField(read_only=True)
    endpoint = serializers.CharField(read_only=True, allow_null=True, help_text="POST ke alamat ini")
    aturan = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="aturan yang diperiksa")


class PihakKetigaSerializer(serializers.ModelSerializer):
    kabupaten = serializers.CharField(source="kabupaten.kode", read_only=True)

    class Meta:
        model = PihakKetiga
        fields = ["id", "nama", "jenis", "badan_hukum", "nomor_legalitas", "alamat", "penanggung_jawab_nama",
                  "penanggung_jawab_jabatan", "kontak", "kabupaten"]
        read_only_fields = fields


class NotifikasiSerializer(serializers.ModelSerializer):
    kerja_sama = serializers.SlugRelatedField(slug_field="kode", read_only=True)

    class Meta:
        model = Notifikasi
        fields = ["id", "judul", "pesan", "tautan", "kerja_sama", "dibaca", "created_at"]
        read_only_fields = fields


# -- the agreement, whole -------------------------------------------------------------------------

class KerjaSamaDetailSerializer(serializers.ModelSerializer):
    """An agreement from ``queries.kerjasama_detail``: parties, the eight items, evidence, timeline and
    the actions the requesting user may start now (from the transition table)."""

    status = serializers.CharField(read_only=True, help_text="status alur C1/C2, mis. BERLAKU")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    alasan_berakhir = serializers.CharField(read_only=True, help_text="PP 43/2014 Pasal 147, bila berakhir")
    kabupaten = WilayahRingkasSerializer(read_only=True)
    desa_pemrakarsa = DesaLabelSerializer(read_only=True)
    pihak_ketiga = PihakKetigaSerializer(read_only=True, allow_null=True)
    isi_kurang = serializers.SerializerMethodField(help_text="isi wajib yang belum diisi (R5)")
    peserta = PesertaSerializer(many=True, read_only=True)
    kontribusi = KontribusiSerializer(many=True, read_only=True)
    bkad = serializers.SerializerMethodField()
    surat_penawaran = SuratPenawaranSerializer(many=True, read_only=True)
    musyawarah = MusyawarahSerializer(many=True, read_only=True)
    produk_hukum = ProdukHukumSerializer(many=True, read_only=True)
    laporan = LaporanSerializer(many=True, read_only=True)
    perubahan = PerubahanSerializer(many=True, read_only=True)
    perselisihan = PerselisihanSerializer(many=True, read_only=True)
    dokumen = serializers.SerializerMethodField()
    langkah = LangkahSerializer(many=True, read_only=True)
    aksi = serializers.SerializerMethodField()

    class Meta:
        model = KerjaSamaDesa
        fields = [
            "kode", "jenis", "prakarsa", "judul", "status", "status_label", "alasan_berakhir", "catatan_verifikasi",
            "kabupaten", "desa_pemrakarsa", "pihak_ketiga",
            "pihak_ketiga_nomor", "pihak_ketiga_penanda_tangan", "pihak_ketiga_jabatan", "pihak_ketiga_tanggal_ttd",
            "bidang", "maksud_tujuan", "ruang_lingkup", "tata_cara_pelaksanaan", "tanggal_mulai", "tanggal_selesai",
            "hak_kewajiban", "pendanaan_uraian", "tata_cara_perubahan", "penyelesaian_perselisihan", "isi_kurang",
            "tempat_penetapan", "tanggal_penetapan",
            "peserta", "kontribusi", "bkad", "surat_penawaran", "musyawarah", "produk_hukum", "laporan", "perubahan",
            "perselisihan", "dokumen", "langkah", "aksi", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_isi_kurang(self, ks) -> list[str]:
        return aturan.isi_kurang(ks)

    def get_bkad(self, ks) -> BKADSerializer(allow_null=True):  # type: ignore[valid-type]
        try:
            bkad = ks.bkad
        except BKAD.DoesNotExist:
            return None
        return BKADSerializer(bkad).data

    def get_dokumen(self, ks) -> DokumenSerializer(many=True):  # type: ignore[valid-type]
        return DokumenSerializer(getattr(ks, "dokumen_bukti", []), many=True).data

    def get_aksi(self, ks) -> AksiSerializer(many=True):  # type: ignore[valid-type]
        """What the requesting user may do now: the same answer as the page's buttons (tindakan.py)."""
        request = self.context.get("request")
        user = request.user if request else None
        if not (user and user.is_authenticated):
            return []
        return [
            {
                "aksi": t.aksi,
                "label": t.label,
                "endpoint": (
                    reverse("api-kerjasama-" + ENDPOINT_AKSI[t.aksi], kwargs={"kode": ks.kode})
                    if t.aksi in ENDPOINT_AKSI else None
                ),
                "aturan": list(t.aturan),
            }
            for t in langkah_tersedia(Konteks.dari(user, ks))
        ]


# -- input: drafting ------------------------------------------------------------------------------

class KodeDesaListField(serializers.ListField):
    """A list of desa codes, turned into Desa rows (unknown codes named in the error)."""

    child = serializers.CharField(max_length=13)

    def to_internal_value(self, data):
        kode = super().to_internal_value(data)
        ada = desa_menurut_kode(kode)
        hilang = [k for k in kode if k not in ada]
        if hilang:
            raise serializers.ValidationError("Desa dengan kode " + ", ".join(hilang) + " tidak ditemukan.")
        return [ada[k] for k in kode]


class IsiSerializer(serializers.Serializer):
    """The content of an agreement: title, the eight mandatory items (PP 43/2014 Pasal 143 ayat (4)), dates."""

    judul = serializers.CharField(max_length=255)
    bidang = serializers.ListField(child=serializers.ChoiceField(choices=Bidang.choices), required=False)
    maksud_tujuan = teks_api(PANJANG_ISI, required=False, allow_blank=True)
    ruang_lingkup = teks_api(PANJANG_ISI, required=False, allow_blank=True)
    tata_cara_pelaksanaan = teks_api(PANJANG_ISI, required=False, allow_blank=True)
    tanggal_mulai = tanggal_api(jangka=True, required=False, allow_null=True)
    tanggal_selesai = tanggal_api(jangka=True, required=False, allow_null=True)
    hak_kewajiban = teks_api(PANJANG_ISI, required=False, allow_blank=True)
    pendanaan_uraian = teks_api(PANJANG_ISI, required=False, allow_blank=True)
    tata_cara_perubahan = teks_api(PANJANG_ISI, required=False, allow_blank=True)
    penyelesaian_perselisihan = teks_api(PANJANG_ISI, required=False, allow_blank=True)
    tempat_penetapan = serializers.CharField(max_length=100, required=False, allow_blank=True)


@extend_schema_field({"type": "string", "enum": list(JenisKerjaSama.values)})
class JenisKerjaSamaField(serializers.ChoiceField):
    """The kind of a new agreement; an inline enum in the schema (the response's ``jenis`` has its own)."""


class PihakKetigaTerdaftarField(serializers.PrimaryKeyRelatedField):
    """A third party of the user's kabupaten register (scoped queryset). Any other id — of another kabupaten or
    unknown, alike, so nothing outside the scope is revealed — is refused with R-pihak3 (aturan.R_PIHAK3_KABUPATEN)."""

    def to_internal_value(self, data):
        from inti.errors import AturanDilanggar

        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if "does_not_exist" not in exc.get_codes():
                raise
            raise AturanDilanggar(aturan.R_PIHAK3_KABUPATEN, field="pihak_ketiga") from None


class KerjaSamaBuatSerializer(IsiSerializer):
    """A new plan of the user's own desa; partner desa by code (R2 and R3 are checked at once)."""

    mitra = KodeDesaListField(required=False, help_text="kode desa mitra, mis. [\"33.03.06.2006\"]")
    jenis = JenisKerjaSamaField(choices=JenisKerjaSama.choices, default=JenisKerjaSama.ANTAR_DESA,
                                help_text="PIHAK_KETIGA: satu desa dengan satu pihak ketiga, tanpa mitra (R-pihak3)")
    pihak_ketiga = PihakKetigaTerdaftarField(
        queryset=PihakKetiga.objects.none(), required=False, allow_null=True, default=None,
        help_text="id pihak ketiga terdaftar di kabupaten Anda (/api/v1/pihak-ketiga/); hanya untuk PIHAK_KETIGA",
    )
    prakarsa = serializers.ChoiceField(choices=Prakarsa.choices, default=Prakarsa.DESA,
                                       help_text="Permendagri 96/2017 Pasal 14 (DESA) dan 15 (PIHAK_KETIGA)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # only the third parties the user may see (scope)
            from ..queries import pihak_ketiga_list

            self.fields["pihak_ketiga"].queryset = pihak_ketiga_list(request.user)


class AturMitraSerializer(serializers.Serializer):
    mitra = KodeDesaListField(help_text="kode desa mitra")


@extend_schema_field({"type": "string", "description": "kode desa peserta, mis. 33.03.06.2006"})
class PesertaDesaField(serializers.SlugRelatedField):
    """A desa taking part in *this* agreement, by code; defaults to the user's own desa."""

    default_error_messages = {
        "does_not_exist": "Desa dengan kode {value} bukan peserta kerja sama ini.",
        "invalid": "Kode desa tidak sah.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "kode")
        super().__init__(**kwargs)

    def get_queryset(self):
        ks = self.context.get("kerja_sama")
        if ks is None:
            return Desa.objects.none()
        return Desa.objects.filter(kerja_sama_peserta__kerja_sama=ks)


class DenganDesaSerializer(serializers.Serializer):
    """Acts done for one desa: without ``desa``, the user's own desa in this agreement."""

    desa = PesertaDesaField(required=False, help_text="kode desa peserta; bawaan: desa pengguna")

    def validate(self, attrs):
        if attrs.get("desa") is None:
            user = self.context["request"].user
            desa = self.fields["desa"].get_queryset().filter(kode=user.wilayah_kode).first()
            if desa is None:
                raise serializers.ValidationError({"desa": "Pilih desa peserta (kode desa)."})
            attrs["desa"] = desa
        return attrs


class KontribusiBarisSerializer(serializers.Serializer):
    desa = PesertaDesaField(required=False, allow_null=True)
    sumber = serializers.ChoiceField(choices=SumberDana.choices)
    tahun_anggaran = serializers.IntegerField(min_value=2000, max_value=2100)
    nilai = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0)
    bentuk = serializers.ChoiceField(choices=BentukKontribusi.choices, default=BentukKontribusi.UANG)
    keterangan = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class KontribusiSimpanSerializer(serializers.Serializer):
    baris = KontribusiBarisSerializer(many=True, help_text="mengganti seluruh tabel kontribusi")


class BKADAnggotaMasukSerializer(serializers.Serializer):
    nama = serializers.CharField(max_length=150)
    asal_desa = PesertaDesaField()
    unsur = serializers.ChoiceField(choices=UnsurBKAD.choices)
    jabatan = serializers.ChoiceField(choices=JabatanBKAD.choices, default=JabatanBKAD.ANGGOTA)
    jenis_kelamin = serializers.ChoiceField(choices=JenisKelamin.choices)


class BKADSimpanSerializer(serializers.Serializer):
    nama = serializers.CharField(max_length=200)
    periode_mulai = tanggal_api(jangka=True, required=False, allow_null=True)
    periode_selesai = tanggal_api(jangka=True, required=False, allow_null=True)
    anggota = BKADAnggotaMasukSerializer(many=True)


# -- input: transitions ---------------------------------------------------------------------------

class KosongSerializer(serializers.Serializer):
    """No input."""


class MusyawarahDataSerializer(serializers.Serializer):
    """What a berita acara records; ``berita_acara`` (PDF/JPG/PNG ≤ 10 MB) is required."""

    tanggal = tanggal_api()
    tempat = serializers.CharField(max_length=200)
    hasil = serializers.ChoiceField(choices=HasilMusyawarah.choices)
    keputusan_ringkas = teks_api()
    agenda = serializers.ListField(child=serializers.ChoiceField(choices=AgendaMAD.choices), required=False)
    agenda_uraian = teks_api(required=False, allow_blank=True)
    jumlah_hadir = serializers.IntegerField(min_value=0, required=False)
    jumlah_perempuan = serializers.IntegerField(min_value=0, required=False)
    pimpinan = serializers.CharField(max_length=150, required=False, allow_blank=True)
    notulis = serializers.CharField(max_length=150, required=False, allow_blank=True)
    berita_acara = serializers.FileField()
    daftar_hadir = serializers.FileField(required=False)

    BERKAS = ("berita_acara", "daftar_hadir")

    def data_musyawarah(self) -> dict:
        return {k: v for k, v in self.validated_data.items() if k not in (*self.BERKAS, "desa")}


class MusdesSerializer(MusyawarahDataSerializer, DenganDesaSerializer):
    """Musdes of one desa (held by its BPD, R6); without ``desa`` the user's own."""


class MadSerializer(MusyawarahDataSerializer):
    """Musyawarah Antar Desa; ``desa``: codes of the desa present (default: every desa still bound)."""

    desa = serializers.ListField(child=serializers.CharField(max_length=13), required=False)

    def validate_desa(self, kode):
        ks = self.context["kerja_sama"]
        ada = {d.kode: d for d in Desa.objects.filter(kerja_sama_peserta__kerja_sama=ks, kode__in=kode)}
        hilang = [k for k in kode if k not in ada]
        if hilang:
            raise serializers.ValidationError("Bukan peserta kerja sama ini: " + ", ".join(hilang) + ".")
        return [ada[k] for k in kode]


class RujukanSerializer(serializers.Serializer):
    rujukan = serializers.CharField(max_length=200, allow_blank=True, help_text="RPJM Desa/RKP Desa yang memuat bidang ini (R8)")


class TanggalSerializer(serializers.Serializer):
    tanggal = tanggal_api(required=False)


class KirimPenawaranSerializer(TanggalSerializer):
    batas_jawab = tanggal_api(
        required=False, help_text="batas waktu jawaban (≥ tanggal surat); bawaan: tanggal surat + PENAWARAN_BATAS_HARI hari",
    )


class JawabPenawaranSerializer(DenganDesaSerializer):
    jawaban = serializers.ChoiceField(choices=JawabanPenawaran.choices)
    catatan = teks_api(required=False, allow_blank=True, default="")
    rpjmdes_rujukan = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    tanggal = tanggal_api(required=False)


class CatatanSerializer(serializers.Serializer):
    catatan = teks_api(required=False, allow_blank=True, default="")


class CatatanWajibSerializer(serializers.Serializer):
    catatan = teks_api(allow_blank=True)


class KomentarSerializer(serializers.Serializer):
    teks = teks_api(allow_blank=True)


class TandatanganiSerializer(DenganDesaSerializer):
    kepala_desa_nama = serializers.CharField(max_length=150, allow_blank=True, help_text="tanpa gelar")
    tanggal = tanggal_api(required=False)


class UnggahTtdSerializer(serializers.Serializer):
    file_ttd = serializers.FileField(help_text="pindaian bertanda tangan: PDF, ≤ 10 MB, tanpa kata sandi")


class UndangkanSerializer(DenganDesaSerializer):
    berita_desa_tahun = serializers.IntegerField(min_value=2000, max_value=2100)
    berita_desa_nomor = serializers.CharField(max_length=20, allow_blank=True)
    sekretaris_desa_nama = serializers.CharField(max_length=150, allow_blank=True, default="")
    tanggal = tanggal_api(required=False)


class LaporanMasukSerializer(serializers.Serializer):
    periode = serializers.CharField(max_length=60)
    isi = teks_api(PANJANG_ISI)
    tanggal = tanggal_api(required=False)
    lampiran = serializers.FileField(required=False)


class PerubahanMasukSerializer(serializers.Serializer):
    jenis = serializers.ChoiceField(choices=JenisPerubahan.choices)
    uraian = teks_api()
    alasan = serializers.ChoiceField(choices=AlasanBerakhir.choices, required=False, allow_blank=True, default="")
    isi_baru = serializers.DictField(
        child=teks_api(PANJANG_ISI, allow_blank=True), required=False, default=dict,
        help_text="PERUBAHAN: rumusan baru ketentuan yang diubah, mis. {\"tanggal_selesai\": \"2028-12-31\", "
        "\"ruang_lingkup\": \"…\"}; kunci: maksud_tujuan, ruang_lingkup, tata_cara_pelaksanaan, tanggal_selesai, "
        "hak_kewajiban, pendanaan_uraian, tata_cara_perubahan, penyelesaian_perselisihan",
    )


class SebarluaskanSerializer(DenganDesaSerializer):
    cara = serializers.ChoiceField(choices=CaraPenyebarluasan.choices)
    produk_hukum = serializers.PrimaryKeyRelatedField(
        queryset=ProdukHukum.objects.none(), required=False, allow_null=True,
        help_text="id Peraturan Bersama (asli atau perubahan); bawaan: yang tertua yang belum disebarluaskan desa ini",
    )
    tanggal = tanggal_api(required=False)
    keterangan = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    bukti_berkas = serializers.FileField(required=False, help_text="bukti (foto papan pengumuman, berita acara …)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ks = self.context.get("kerja_sama")
        if ks is not None:
            self.fields["produk_hukum"].queryset = ks.produk_hukum.filter(jenis__in=("PERATURAN_BERSAMA_KADES",))


@extend_schema_field({"type": "integer", "description": "id musyawarah (/api/v1/musyawarah/)"})
class MusyawarahDariKerjaSamaField(serializers.PrimaryKeyRelatedField):
    """A deliberation recorded for this agreement (id), within the user's scope."""

    default_error_messages = {"does_not_exist": "Musyawarah {pk_value} tidak tercatat pada kerja sama ini."}

    def get_queryset(self):
        from ..queries import musyawarah_list

        ks = self.context.get("kerja_sama")
        user = self.context["request"].user
        return musyawarah_list(user).filter(kerja_sama=ks) if ks else Musyawarah.objects.none()


class PutuskanPerubahanSerializer(serializers.Serializer):
    perubahan = serializers.PrimaryKeyRelatedField(
        queryset=PerubahanKerjaSama.objects.none(), required=False,
        help_text="id perubahan; bawaan: perubahan terakhir yang belum diputuskan",
    )
    disepakati = serializers.BooleanField()
    musyawarah = MusyawarahDariKerjaSamaField(required=False, allow_null=True, help_text="musyawarah semua pihak (R13)")
    tanggal_efektif = tanggal_api(jangka=True, required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ks = self.context.get("kerja_sama")
        if ks is not None:
            self.fields["perubahan"].queryset = ks.perubahan.all()

    def validate(self, attrs):
        if attrs.get("perubahan") is None:
            pr = self.context["kerja_sama"].perubahan.filter(status="DIAJUKAN").order_by("-created_at", "-id").first()
            if pr is None:
                raise serializers.ValidationError({"perubahan": "Tidak ada perubahan yang menunggu keputusan."})
            attrs["perubahan"] = pr
        return attrs


class MusyawarahParaPihakSerializer(MadSerializer):
    """A musyawarah of all bound parties on a change, suspension, resumption or ending (R13)."""


class DenganMusyawarahSerializer(serializers.Serializer):
    musyawarah = MusyawarahDariKerjaSamaField(required=False, allow_null=True, help_text="musyawarah semua pihak (R13)")


class AkhiriSerializer(DenganMusyawarahSerializer):
    alasan = serializers.ChoiceField(choices=AlasanBerakhir.choices, help_text="PP 43/2014 Pasal 147 huruf a–i")


class UraianSerializer(serializers.Serializer):
    uraian = teks_api(allow_blank=True)


class PerselisihanPilihSerializer(serializers.Serializer):
    perselisihan = serializers.PrimaryKeyRelatedField(
        queryset=Perselisihan.objects.none(), required=False, help_text="id perselisihan; bawaan: yang terakhir"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ks = self.context.get("kerja_sama")
        if ks is not None:
            self.fields["perselisihan"].queryset = ks.perselisihan.all()

    def validate(self, attrs):
        if attrs.get("perselisihan") is None:
            ps = self.context["kerja_sama"].perselisihan.order_by("-created_at", "-id").first()
            if ps is None:
                raise serializers.ValidationError({"perselisihan": "Belum ada perselisihan pada kerja sama ini."})
            attrs["perselisihan"] = ps
        return attrs


class SelesaikanPerselisihanSerializer(PerselisihanPilihSerializer):
    hasil = teks_api(allow_blank=True)
    berlanjut = serializers.BooleanField(help_text="kerja sama berlanjut (true) atau berakhir (false)")
    berita_acara = serializers.FileField(required=False)


class TutupSerializer(serializers.Serializer):
    laporan_akhir = teks_api(PANJANG_ISI, allow_blank=True, help_text="termasuk serah terima aset")


class AlasanSerializer(serializers.Serializer):
    alasan = teks_api(allow_blank=True)


# -- input: §C2 kerja sama dengan pihak ketiga ------------------------------------------------------

class JawabPihakKetigaSerializer(serializers.Serializer):
    """The answer to a §C2 offer (the third party's, or the desa's to a third party's offer)."""

    diterima = serializers.BooleanField(help_text="true: diterima (perlu Musdes yang menyepakati, R6); false: ditolak")
    catatan = teks_api(required=False, allow_blank=True, default="")
    tanggal = tanggal_api(required=False, help_text="tanggal jawaban; bawaan: hari ini")
    surat_jawaban = serializers.FileField(required=False, help_text="surat jawaban: PDF, ≤ 10 MB")


class TandatanganiPerubahanPihakKetigaSerializer(serializers.Serializer):
    """The third party's signature of a Perjanjian Bersama or of its amendment, recorded by the kepala desa (R12)."""

    penandatangan_nama = serializers.CharField(max_length=150, allow_blank=True)
    penandatangan_jabatan = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    nomor = serializers.CharField(max_length=60, required=False, allow_blank=True, default="",
                                  help_text="nomor perjanjian pada pihak ketiga")
    tanggal = tanggal_api(required=False, help_text="tanggal tanda tangan; bawaan: hari ini")


class TandatanganiPihakKetigaSerializer(TandatanganiPerubahanPihakKetigaSerializer):
    """… of the Perjanjian Bersama itself (D3), with optional evidence."""

    bukti_berkas = serializers.FileField(required=False, help_text="pindaian halaman tanda tangan: PDF, ≤ 10 MB")


class ProsesHukumSerializer(PerselisihanPilihSerializer):
    uraian = teks_api(required=False, allow_blank=True, default="", help_text="mis. nomor perkara")


class PihakKetigaBuatSerializer(serializers.Serializer):
    """A third party of the user's kabupaten. ``jenis`` is checked by the service (R-pihak3)."""

    nama = serializers.CharField(max_length=200)
    jenis = serializers.CharField(max_length=30, help_text="SWASTA_BADAN_USAHA, ORGANISASI_KEMASYARAKATAN, LEMBAGA_LAINNYA (R-pihak3)")
    badan_hukum = serializers.BooleanField(required=False, default=False)
    nomor_legalitas = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    alamat = teks_api(required=False, allow_blank=True, default="")
    penanggung_jawab_nama = serializers.CharField(max_length=150)
    penanggung_jawab_jabatan = serializers.CharField(max_length=150)
    kontak = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


# -- public register ------------------------------------------------------------------------------

class PesertaPublikSerializer(serializers.Serializer):
    kode = serializers.CharField(read_only=True)
    nama = serializers.CharField(read_only=True)
    kecamatan = serializers.CharField(read_only=True)
    peran = serializers.CharField(read_only=True)
    nomor_peraturan = serializers.CharField(read_only=True, allow_null=True)
    berita_desa = serializers.CharField(read_only=True, allow_null=True)


class DokumenPublikSerializer(serializers.Serializer):
    jenis = serializers.CharField(read_only=True)
    tentang = serializers.CharField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    url_pdf = serializers.CharField(read_only=True)
    url_verifikasi = serializers.CharField(read_only=True)


class KerjaSamaPublikSerializer(serializers.Serializer):
    """An agreement in force as the public register shows it (no internal notes, money or people)."""

    kode = serializers.CharField(read_only=True)
    judul = serializers.CharField(read_only=True)
    jenis = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="BERLAKU, atau PERUBAHAN_DIPROSES/DITANGGUHKAN …")
    status_label = serializers.CharField(read_only=True)
    bidang = serializers.ListField(child=serializers.CharField(), read_only=True)
    bidang_label = serializers.ListField(child=serializers.CharField(), read_only=True)
    tanggal_mulai = serializers.DateField(read_only=True, allow_null=True)
    tanggal_selesai = serializers.DateField(read_only=True, allow_null=True)
    tanggal_penetapan = serializers.DateField(read_only=True, allow_null=True)
    tempat_penetapan = serializers.CharField(read_only=True)
    kabupaten = WilayahRingkasSerializer(read_only=True)
    peserta = PesertaPublikSerializer(many=True, read_only=True)
    dokumen = DokumenPublikSerializer(read_only=True, allow_null=True)
    perubahan = DokumenPublikSerializer(many=True, read_only=True, help_text="peraturan/perjanjian perubahan yang berlaku")


LABEL_BIDANG = dict(Bidang.choices)


def _dokumen_publik(kode: str, ph) -> dict:
    url = reverse("kerjasama:register_pdf", args=[kode])
    return {
        "jenis": ph.get_jenis_display(),
        "tentang": ph.tentang,
        "sha256": ph.sha256,
        "url_pdf": url if ph.mengubah_id is None else f"{url}?dokumen={ph.kode_verifikasi}",
        "url_verifikasi": url_verifikasi(ph.kode_verifikasi),
    }


def baris_publik(r: dict, peserta: list[dict], dokumen: list, *, iso: bool = True) -> dict:
    """One register entry from ``queries.register_publik`` rows, its parties and its documents in force (the
    first Peraturan/Perjanjian Bersama, then its amendments).

    ``iso=False`` keeps dates as dates (pages format them as *23 November 2026*).
    """
    tgl = _iso if iso else (lambda v: v)
    pertama = next((ph for ph in dokumen if ph.mengubah_id is None), None)
    return {
        "kode": r["kode"],
        "judul": r["judul"],
        "jenis": r["jenis"],
        "status": r["status"],
        "status_label": LABEL_STATUS.get(r["status"], r["status"]),
        "bidang": r["bidang"],
        "bidang_label": [LABEL_BIDANG.get(b, b) for b in r["bidang"]],
        "tanggal_mulai": tgl(r["tanggal_mulai"]),
        "tanggal_selesai": tgl(r["tanggal_selesai"]),
        "tanggal_penetapan": tgl(r["tanggal_penetapan"]),
        "tempat_penetapan": r["tempat_penetapan"],
        "kabupaten": {"kode": r["kabupaten__kode"], "nama": r["kabupaten__nama"]},
        "peserta": [
            {
                "kode": p["desa__kode"],
                "nama": p["desa__nama"],
                "kecamatan": p["desa__kecamatan__nama"],
                "peran": p["peran"],
                "nomor_peraturan": (
                    f"{p['nomor_peraturan']:02d}/{p['tahun_peraturan']}" if p["nomor_peraturan"] else None
                ),
                "berita_desa": (
                    f"Berita Desa {p['desa__nama']} Tahun {p['berita_desa_tahun']} Nomor {p['berita_desa_nomor']}"
                    if p["berita_desa_nomor"] else None
                ),
            }
            for p in peserta
        ],
        "dokumen": None if pertama is None else _dokumen_publik(r["kode"], pertama),
        "perubahan": [_dokumen_publik(r["kode"], ph) for ph in dokumen if ph.mengubah_id is not None],
    }
