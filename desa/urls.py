from django.urls import path

from . import urls_berkas

app_name = "desa"
urlpatterns = [] + urls_berkas.urlpatterns
