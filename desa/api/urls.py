"""API v1 routes of the desa app, mounted under /api/v1/ by config/api.py."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("provinsi", views.ProvinsiViewSet, basename="provinsi")
router.register("kabupaten", views.KabupatenViewSet, basename="kabupaten")
router.register("kecamatan", views.KecamatanViewSet, basename="kecamatan")
router.register("desa", views.DesaViewSet, basename="desa")
router.register("profil-desa", views.ProfilDesaViewSet, basename="profil-desa")
router.register("komoditas", views.KomoditasViewSet, basename="komoditas")
router.register("komoditas-desa", views.KomoditasDesaViewSet, basename="komoditas-desa")

urlpatterns = router.urls
