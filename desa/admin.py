"""Admin pages of the desa app, every one through the scoped base ``akun.mixins.LingkupModelAdmin``.

Lists, change pages, choice lists and the autocomplete all start from ``scope()``; a row outside
the user's region answers 404. Regions and reference lists are read-only for everyone but an
administrator (desa/permissions.py). List filters are on choice fields only: a filter on a
related model would list that model's rows unscoped.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import path

from akun.mixins import LingkupModelAdmin

from . import models as m
from .choices import StatusIndeks

JEJAK = ("created_at", "updated_at", "created_by", "updated_by")


# -- Choosing a desa: scoped search with the R29 label ---------------------------------------

class AutocompleteDesaView(AutocompleteJsonView):
    """Django's autocomplete (scoped through ``DesaAdmin.get_queryset``), answering with the R29 label."""

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": obj.label}


class PilihDesa(AutocompleteSelect):
    """Search box for a desa; its options read ``Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)``."""

    url_name = "%s:desa_desa_autocomplete"


class PilihDesaMixin:
    """For models with a ``desa`` foreign key: scoped autocomplete, R29 label, search by code or name."""

    autocomplete_fields = ["desa"]
    search_fields = ["^desa__kode", "desa__nama"]
    readonly_fields = JEJAK

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is m.Desa:
            kwargs["widget"] = PilihDesa(db_field, self.admin_site, using=kwargs.get("using"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.related_model is m.Desa:
            field.queryset = field.queryset.select_related("kecamatan__kabupaten")
            field.label_from_instance = lambda desa: desa.label
        return field

    @admin.display(description="desa", ordering="desa__kode")
    def desa_label(self, obj) -> str:
        return obj.desa.label


# -- Regions ---------------------------------------------------------------------------------

@admin.register(m.Provinsi)
class ProvinsiAdmin(LingkupModelAdmin):
    list_display = ("kode", "nama", "jumlah_penduduk")
    search_fields = ("^kode", "nama")


@admin.register(m.Kabupaten)
class KabupatenAdmin(LingkupModelAdmin):
    list_display = ("kode", "nama", "jenis", "provinsi")
    list_filter = ("jenis",)
    list_select_related = ("provinsi",)
    search_fields = ("^kode", "nama")
    autocomplete_fields = ("provinsi",)


@admin.register(m.Kecamatan)
class KecamatanAdmin(LingkupModelAdmin):
    list_display = ("kode", "nama", "kabupaten")
    list_select_related = ("kabupaten",)
    search_fields = ("^kode", "nama")
    autocomplete_fields = ("kabupaten",)


@admin.register(m.Desa)
class DesaAdmin(LingkupModelAdmin):
    list_display = ("kode", "label", "jenis", "aktif")
    list_filter = ("jenis", "aktif")
    list_select_related = ("kecamatan__kabupaten",)
    search_fields = ("^kode", "nama")
    autocomplete_fields = ("kecamatan",)
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        # The label (R29) needs kecamatan and kabupaten on every page that shows a desa, the
        # autocomplete included.
        return super().get_queryset(request).select_related("kecamatan__kabupaten")

    def get_urls(self):
        autocomplete = self.admin_site.admin_view(AutocompleteDesaView.as_view(admin_site=self.admin_site))
        return [path("autocomplete/", autocomplete, name="desa_desa_autocomplete"), *super().get_urls()]

    @admin.display(description="desa (R29)", ordering="nama")
    def label(self, obj) -> str:
        return obj.label


# -- Reference lists ---------------------------------------------------------------------------

@admin.register(m.Komoditas)
class KomoditasAdmin(LingkupModelAdmin):
    list_display = ("nama", "sektor")
    list_filter = ("sektor",)
    search_fields = ("nama",)
    readonly_fields = JEJAK


@admin.register(m.JenisFasilitas)
class JenisFasilitasAdmin(LingkupModelAdmin):
    list_display = ("nama", "kode", "kelompok", "urutan")
    list_filter = ("kelompok",)
    search_fields = ("nama", "kode")
    readonly_fields = JEJAK


# -- Village profile -------------------------------------------------------------------------

@admin.register(m.DesaProfil)
class DesaProfilAdmin(PilihDesaMixin, LingkupModelAdmin):
    list_display = ("desa_label", "tahun_data", "jumlah_penduduk", "jumlah_kk", "klasifikasi")
    list_filter = ("tahun_data", "klasifikasi")
    list_select_related = ("desa__kecamatan__kabupaten",)


@admin.register(m.Dusun)
class DusunAdmin(PilihDesaMixin, LingkupModelAdmin):
    list_display = ("nama", "desa_label")
    list_select_related = ("desa__kecamatan__kabupaten",)
    search_fields = ("^desa__kode", "desa__nama", "nama")


@admin.register(m.DesaKomoditas)
class DesaKomoditasAdmin(PilihDesaMixin, LingkupModelAdmin):
    list_display = ("desa_label", "komoditas", "tahun", "unggulan", "pasar_ekspor")
    list_filter = ("tahun", "unggulan")
    list_select_related = ("desa__kecamatan__kabupaten", "komoditas")
    search_fields = ("^desa__kode", "desa__nama", "komoditas__nama")


@admin.register(m.DesaFasilitas)
class DesaFasilitasAdmin(PilihDesaMixin, LingkupModelAdmin):
    list_display = ("desa_label", "jenis", "tahun", "jumlah")
    list_filter = ("tahun",)
    list_select_related = ("desa__kecamatan__kabupaten", "jenis")


@admin.register(m.IndeksDesaSkor)
class IndeksDesaSkorAdmin(PilihDesaMixin, LingkupModelAdmin):
    list_display = ("desa_label", "tahun", "jenis_indeks", "nilai", "status", "status_menurut_nilai")
    list_filter = ("tahun", "jenis_indeks", "status")
    list_select_related = ("desa__kecamatan__kabupaten",)
    readonly_fields = (*JEJAK, "status_menurut_nilai")

    @admin.display(description="status menurut nilai (R30)")
    def status_menurut_nilai(self, obj) -> str:
        status = obj.status_menurut_nilai
        return StatusIndeks(status).label if status else "—"
