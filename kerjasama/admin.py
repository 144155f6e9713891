"""Admin of kerja sama desa: every model through the scoped base class (akun.mixins.LingkupModelAdmin).

Lists and objects are cut to the user's region (an agreement of another kabupaten is 404); non-admin
staff (Dinas PMD) read only, because django-rules gives change/add/delete on these models to the
administrator alone. Status fields, numbers, hashes and files are read-only for everybody: a state
moves only through a service of ``kerjasama.services`` (the pages and the API call them), never by
editing a row here.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.text import capfirst

from akun.mixins import LingkupModelAdmin

from . import models as m
from .forms import RupiahField

JEJAK = ("created_at", "updated_at", "created_by", "updated_by")
PENGESAHAN = ("kepala_desa_nama", "nomor_peraturan", "tahun_peraturan", "tanggal_tanda_tangan", "ditandatangani_oleh",
              "sekretaris_desa_nama", "berita_desa_tahun", "berita_desa_nomor", "tanggal_diundangkan",
              "tanggal_disebarluaskan", "cara_penyebarluasan", "keterangan_penyebarluasan")


class PesertaInline(admin.TabularInline):
    model = m.KerjaSamaPeserta
    extra = 0
    fields = ("desa", "peran", "urutan", "penawaran_status", "musdes", "tercantum_rpjmdes", "nomor_peraturan",
              "tahun_peraturan", "tanggal_tanda_tangan", "berita_desa_tahun", "berita_desa_nomor")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(m.KerjaSamaDesa)
class KerjaSamaDesaAdmin(LingkupModelAdmin):
    list_display = ("kode", "judul", "jenis", "status", "desa_pemrakarsa", "kabupaten", "tanggal_penetapan")
    list_filter = ("status", "jenis")
    search_fields = ("kode", "judul")
    list_select_related = ("desa_pemrakarsa", "kabupaten")
    readonly_fields = ("kode", "status", "alasan_berakhir", "catatan_verifikasi", "desa_pemrakarsa", "kabupaten",
                       "jenis", "tanggal_penetapan", *JEJAK)
    inlines = [PesertaInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False  # a plan is drafted through services.kerjasama_buat (pages/API), which checks R2/R3


@admin.register(m.KerjaSamaPeserta)
class KerjaSamaPesertaAdmin(LingkupModelAdmin):
    list_display = ("kerja_sama", "desa", "peran", "penawaran_status", "nomor_peraturan", "berita_desa_nomor")
    list_filter = ("peran", "penawaran_status")
    list_select_related = ("kerja_sama", "desa")
    search_fields = ("kerja_sama__kode", "desa__nama", "desa__kode")
    readonly_fields = ("kerja_sama", "desa", "peran", "penawaran_status", "musdes", *PENGESAHAN, *JEJAK)

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(m.PihakKetiga)
class PihakKetigaAdmin(LingkupModelAdmin):
    list_display = ("nama", "jenis", "badan_hukum", "kabupaten")
    list_filter = ("jenis", "badan_hukum")
    list_select_related = ("kabupaten",)
    search_fields = ("nama", "nomor_legalitas")
    readonly_fields = JEJAK


@admin.register(m.KontribusiDana)
class KontribusiDanaAdmin(LingkupModelAdmin):
    list_display = ("kerja_sama", "peserta", "sumber", "tahun_anggaran", "nilai", "bentuk")
    list_filter = ("sumber", "bentuk")
    list_select_related = ("kerja_sama", "peserta__desa")
    search_fields = ("kerja_sama__kode",)
    readonly_fields = ("kerja_sama", "peserta", *JEJAK)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "nilai":  # the same rupiah input as the pages ("75.000.000", not "75000000.00")
            return RupiahField(label=capfirst(db_field.verbose_name), required=not db_field.blank)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(m.SuratPenawaran)
class SuratPenawaranAdmin(LingkupModelAdmin):
    list_display = ("nomor", "kerja_sama", "kepada", "tanggal", "jawaban")
    list_filter = ("jawaban",)
    list_select_related = ("kerja_sama", "kepada__desa")
    search_fields = ("nomor", "kerja_sama__kode")
    readonly_fields = ("kerja_sama", "kepada", "nomor", "tanggal", "isi", "jawaban", "tanggal_jawaban",
                       "dijawab_oleh", *JEJAK)


@admin.register(m.Musyawarah)
class MusyawarahAdmin(LingkupModelAdmin):
    list_display = ("jenis", "tanggal", "tempat", "hasil", "kerja_sama", "kabupaten")
    list_filter = ("jenis", "hasil")
    list_select_related = ("kerja_sama", "kabupaten")
    search_fields = ("tempat", "kerja_sama__kode", "keputusan_ringkas")
    readonly_fields = ("jenis", "kerja_sama", "kabupaten", "hasil", *JEJAK)
    filter_horizontal = ("desa",)
    date_hierarchy = "tanggal"


class BKADAnggotaInline(admin.TabularInline):
    model = m.BKADAnggota
    extra = 0
    fields = ("nama", "asal_desa", "unsur", "jabatan", "jenis_kelamin")
    readonly_fields = ("asal_desa",)


@admin.register(m.BKAD)
class BKADAdmin(LingkupModelAdmin):
    list_display = ("nama", "kerja_sama", "status", "periode_mulai", "periode_selesai")
    list_filter = ("status",)
    list_select_related = ("kerja_sama",)
    search_fields = ("nama", "kerja_sama__kode")
    readonly_fields = ("kerja_sama", *JEJAK)
    inlines = [BKADAnggotaInline]


@admin.register(m.BKADAnggota)
class BKADAnggotaAdmin(LingkupModelAdmin):
    list_display = ("nama", "bkad", "asal_desa", "unsur", "jabatan", "jenis_kelamin")
    list_filter = ("unsur", "jabatan", "jenis_kelamin")
    list_select_related = ("bkad", "asal_desa")
    search_fields = ("nama",)
    readonly_fields = ("bkad", "asal_desa", *JEJAK)


@admin.register(m.LaporanKerjaSama)
class LaporanKerjaSamaAdmin(LingkupModelAdmin):
    list_display = ("periode", "kerja_sama", "tanggal_kirim")
    list_select_related = ("kerja_sama",)
    search_fields = ("periode", "kerja_sama__kode")
    readonly_fields = ("kerja_sama", *JEJAK)


@admin.register(m.PerubahanKerjaSama)
class PerubahanKerjaSamaAdmin(LingkupModelAdmin):
    list_display = ("kerja_sama", "jenis", "status", "alasan", "tanggal_efektif")
    list_filter = ("jenis", "status")
    list_select_related = ("kerja_sama",)
    search_fields = ("kerja_sama__kode",)
    readonly_fields = ("kerja_sama", "jenis", "status", "alasan", "musyawarah", "tanggal_efektif", "isi_baru", "dokumen",
                       "pihak_ketiga_penanda_tangan", "pihak_ketiga_jabatan", "pihak_ketiga_nomor",
                       "pihak_ketiga_tanggal_ttd", *JEJAK)


@admin.register(m.Perselisihan)
class PerselisihanAdmin(LingkupModelAdmin):
    list_display = ("kerja_sama", "tingkat", "status", "kerja_sama_berlanjut", "created_at")
    list_filter = ("tingkat", "status")
    list_select_related = ("kerja_sama",)
    search_fields = ("kerja_sama__kode", "uraian")
    readonly_fields = ("kerja_sama", "tingkat", "status", "fasilitator", "hasil", "kerja_sama_berlanjut", *JEJAK)


class PenandatanganInline(admin.TabularInline):
    """The desa parties of an amending document: their signatures, numbers and Berita Desa (read only)."""

    model = m.PenandatanganDokumen
    extra = 0
    fields = ("desa", "nomor_peraturan", "tahun_peraturan", "tanggal_tanda_tangan", "berita_desa_tahun",
              "berita_desa_nomor", "tanggal_disebarluaskan")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(m.PenandatanganDokumen)
class PenandatanganDokumenAdmin(LingkupModelAdmin):
    list_display = ("produk_hukum", "desa", "nomor_peraturan", "tahun_peraturan", "berita_desa_nomor")
    list_select_related = ("produk_hukum", "desa")
    search_fields = ("produk_hukum__tentang", "produk_hukum__kode_verifikasi", "desa__nama", "desa__kode")
    readonly_fields = ("produk_hukum", "desa", "urutan", *PENGESAHAN, *JEJAK)

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(m.ProdukHukum)
class ProdukHukumAdmin(LingkupModelAdmin):
    list_display = ("tentang", "jenis", "status", "versi", "kode_verifikasi", "kerja_sama", "kabupaten")
    list_filter = ("jenis", "status", "ukuran_kertas")
    list_select_related = ("kerja_sama", "kabupaten")
    search_fields = ("tentang", "kode_verifikasi", "kerja_sama__kode", "nomor")
    # The generated file, the signed scan and their hashes are tamper evidence: never edited by hand.
    readonly_fields = ("jenis", "kerja_sama", "kabupaten", "status", "versi", "mengubah", "file_pdf", "sha256",
                       "dibuat_pada", "file_ttd", "sha256_ttd", "kode_verifikasi", "tanggal_ditetapkan",
                       "sedang_dibuat", "galat_pembuatan", *JEJAK)
    filter_horizontal = ("desa",)
    inlines = [PenandatanganInline]


@admin.register(m.Dokumen)
class DokumenAdmin(LingkupModelAdmin):
    list_display = ("judul", "jenis", "visibilitas", "nama_asli", "ukuran", "kabupaten", "created_at")
    list_filter = ("jenis", "visibilitas")
    list_select_related = ("kabupaten",)
    search_fields = ("judul", "nama_asli", "sha256")
    readonly_fields = ("content_type", "object_id", "kabupaten", "file", "nama_asli", "ukuran", "sha256", *JEJAK)


class HanyaBacaAdmin(LingkupModelAdmin):
    """Rows written by services only (timeline, counters, inbox): nobody edits them here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(m.LangkahKerjaSama)
class LangkahKerjaSamaAdmin(HanyaBacaAdmin):
    list_display = ("kerja_sama", "aksi", "dari_status", "ke_status", "oleh", "waktu")
    list_filter = ("aksi",)
    list_select_related = ("kerja_sama", "oleh")
    search_fields = ("kerja_sama__kode", "aksi", "catatan")
    date_hierarchy = "waktu"

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("kerjasama.view_kerjasamadesa", obj.kerja_sama if obj else None)


@admin.register(m.NomorUrut)
class NomorUrutAdmin(HanyaBacaAdmin):
    list_display = ("desa", "jenis", "tahun", "terakhir")
    list_select_related = ("desa",)

    def has_view_permission(self, request, obj=None) -> bool:
        return bool(request.user.is_active and (request.user.is_superuser or request.user.role == "admin"))


@admin.register(m.Notifikasi)
class NotifikasiAdmin(HanyaBacaAdmin):
    list_display = ("judul", "penerima", "kerja_sama", "dibaca", "created_at")
    list_filter = ("dibaca",)
    list_select_related = ("penerima", "kerja_sama")
    search_fields = ("judul", "penerima__username")

    def has_view_permission(self, request, obj=None) -> bool:
        return bool(request.user.is_active and (request.user.is_superuser or request.user.role == "admin"))
