from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from akun.views import beranda

admin.site.site_header = "Simpul Desa — administrasi"
admin.site.site_title = "Simpul Desa"
admin.site.index_title = "Administrasi"

urlpatterns = [
    path("", beranda, name="beranda"),
    path("", include("desa.urls")),
    path("akun/", include("akun.urls")),
    path("", include("kerjasama.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
