from django.urls import path

from . import urls_berkas, views

app_name = "desa"
urlpatterns = [
    path("wilayah/", views.wilayah, name="wilayah"),
    path("wilayah/<str:kode>/", views.wilayah_detail, name="wilayah_detail"),
    path("desa/<str:kode>/", views.desa_detail, name="detail"),
    path("desa/<str:kode>/profil/ubah/", views.profil_ubah, name="profil_ubah"),
] + urls_berkas.urlpatterns
