"""API v1 routes of kerja sama desa, mounted under /api/v1/ by config/api.py.

Transitions are actions of the agreement: ``POST /api/v1/kerjasama/<kode>/<aksi>/`` (see api/views.py).
"""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("kerjasama", views.KerjaSamaViewSet, basename="api-kerjasama")
router.register("musyawarah", views.MusyawarahViewSet, basename="api-musyawarah")
router.register("produk-hukum", views.ProdukHukumViewSet, basename="api-produk-hukum")
router.register("dokumen", views.DokumenViewSet, basename="api-dokumen")
router.register("notifikasi", views.NotifikasiViewSet, basename="api-notifikasi")
router.register("pihak-ketiga", views.PihakKetigaViewSet, basename="api-pihak-ketiga")
router.register("publik/kerjasama", views.KerjaSamaPublikViewSet, basename="api-publik-kerjasama")

urlpatterns = router.urls
