"""Export and import pages (XLSX/CSV); mounted under the desa namespace by desa/urls.py."""

urlpatterns = []
