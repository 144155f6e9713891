"""Export and import pages (XLSX/CSV); mounted under the desa namespace by desa/urls.py."""

from django.urls import path, re_path

from . import views_berkas

urlpatterns = [
    path("berkas/", views_berkas.berkas_index, name="berkas"),
    re_path(r"^berkas/desa\.(?P<fmt>csv|xlsx)$", views_berkas.ekspor_desa, name="ekspor_desa"),
    re_path(r"^berkas/profil\.(?P<fmt>csv|xlsx)$", views_berkas.ekspor_profil, name="ekspor_profil"),
    path("berkas/profil/impor/", views_berkas.impor_profil, name="impor_profil"),
    path("berkas/profil/impor/templat.xlsx", views_berkas.impor_templat, name="impor_profil_templat"),
    path("berkas/profil/impor/<int:pk>/", views_berkas.impor_profil_status, name="impor_profil_status"),
    path("berkas/profil/impor/<int:pk>/progres/", views_berkas.impor_profil_progres, name="impor_profil_progres"),
]
