"""The kerjasama namespace, assembled from its parts (pages, documents, public register)."""

from . import urls_dokumen, urls_halaman, urls_publik

app_name = "kerjasama"
urlpatterns = urls_halaman.urlpatterns + urls_dokumen.urlpatterns + urls_publik.urlpatterns
