from django.apps import AppConfig


class DesaConfig(AppConfig):
    name = "desa"
    verbose_name = "Wilayah dan profil desa"

    def ready(self) -> None:
        from akun.scoping import daftarkan

        from . import models as m
        from . import permissions  # noqa: F401  (registers the rules predicates)

        for model in (m.Provinsi, m.Kabupaten, m.Kecamatan, m.Desa):
            daftarkan(model, "kode", wilayah=True)
        for model in (m.DesaProfil, m.Dusun, m.DesaKomoditas, m.DesaFasilitas, m.IndeksDesaSkor):
            daftarkan(model, "desa__kode")
        daftarkan(m.Komoditas, referensi=True)
        daftarkan(m.JenisFasilitas, referensi=True)
        daftarkan(m.ImporProfil, pemilik="dibuat_oleh")  # a job is its owner's (and an administrator's)
