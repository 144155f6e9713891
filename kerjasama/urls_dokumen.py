"""Part of the kerjasama URL namespace (see kerjasama/urls.py): document downloads (legal documents and
evidence files) and public verification."""

from django.urls import path

from . import views_dokumen

urlpatterns = [
    path("kerjasama/dokumen/<int:pk>/pdf/", views_dokumen.produk_hukum_pdf, name="produk_hukum_pdf"),
    path("kerjasama/dokumen/<int:pk>/ttd/", views_dokumen.produk_hukum_ttd, name="produk_hukum_ttd"),
    path("kerjasama/bukti/<int:pk>/", views_dokumen.dokumen_unduh, name="dokumen_unduh"),
    path("kerjasama/dokumen/<int:pk>/buat-ulang/", views_dokumen.produk_hukum_buat_ulang, name="produk_hukum_buat_ulang"),
    path("v/", views_dokumen.verifikasi_cari, name="verifikasi_cari"),
    path("v/<str:kode>/", views_dokumen.verifikasi, name="verifikasi"),
]
