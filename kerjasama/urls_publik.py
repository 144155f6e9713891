"""Part of the kerjasama URL namespace (see kerjasama/urls.py): the public register, anonymous."""

from django.urls import path

from . import views_publik

urlpatterns = [
    path("register/", views_publik.register, name="register"),
    path("register/<str:kode>/pdf/", views_publik.register_pdf, name="register_pdf"),
]
