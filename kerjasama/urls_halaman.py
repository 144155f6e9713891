"""Part of the kerjasama URL namespace (see kerjasama/urls.py)."""

urlpatterns = []
