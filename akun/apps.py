from django.apps import AppConfig


class AkunConfig(AppConfig):
    name = "akun"
    verbose_name = "Akun dan akses"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules predicates)
        from .models import User
        from .scoping import daftarkan

        daftarkan(User, "wilayah_kode")
