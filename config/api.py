"""API v1: each app's api/urls.py is mounted here."""

from django.urls import include, path

urlpatterns = [
    path("", include("akun.api.urls")),
    path("", include("desa.api.urls")),
    path("", include("kerjasama.api.urls")),
]
