from django.apps import AppConfig


class KerjasamaConfig(AppConfig):
    name = "kerjasama"
    verbose_name = "Kerja sama desa"

    def ready(self) -> None:
        from akun import beranda
        from akun.scoping import daftarkan

        from . import models as m
        from . import permissions  # noqa: F401  (registers the rules predicates)
        from . import demo  # noqa: F401  (registers its loader with desa's muat_demo)

        # An agreement is seen by every desa taking part (and their camat), and by its kabupaten/provinsi.
        daftarkan(m.KerjaSamaDesa, "peserta__desa__kode", banyak=True, jalur_kabupaten="kabupaten__kode")
        for model in (
            m.KerjaSamaPeserta, m.KontribusiDana, m.SuratPenawaran, m.LaporanKerjaSama,
            m.PerubahanKerjaSama, m.Perselisihan, m.LangkahKerjaSama,
        ):
            daftarkan(model, "kerja_sama__peserta__desa__kode", banyak=True, jalur_kabupaten="kerja_sama__kabupaten__kode")
        daftarkan(m.BKAD, "kerja_sama__peserta__desa__kode", banyak=True, jalur_kabupaten="kerja_sama__kabupaten__kode")
        daftarkan(m.BKADAnggota, "bkad__kerja_sama__peserta__desa__kode", banyak=True,
                  jalur_kabupaten="bkad__kerja_sama__kabupaten__kode")
        # Shared machinery carries its own kabupaten and desa, whoever owns it.
        for model in (m.Musyawarah, m.ProdukHukum, m.Dokumen):
            daftarkan(model, "desa__kode", banyak=True, jalur_kabupaten="kabupaten__kode")
        daftarkan(m.PenandatanganDokumen, "produk_hukum__desa__kode", banyak=True,
                  jalur_kabupaten="produk_hukum__kabupaten__kode")
        daftarkan(m.PihakKetiga, "kabupaten__kode", wilayah=True)
        daftarkan(m.NomorUrut, "desa__kode")
        daftarkan(m.Notifikasi, pemilik="penerima")  # an inbox is personal: only its owner (and admin)
        beranda.daftarkan("kerjasama.views.panel_beranda")
