"""API v1 routes of the akun app, mounted under /api/v1/ by config/api.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("token/", views.TokenView.as_view(), name="api-token"),
    path("saya/", views.SayaView.as_view(), name="api-saya"),
]
