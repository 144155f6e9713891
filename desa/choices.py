from django.db import models


class JenisKabupaten(models.TextChoices):
    KABUPATEN = "KABUPATEN", "Kabupaten"
    KOTA = "KOTA", "Kota"


class JenisDesa(models.TextChoices):
    KELURAHAN = "KELURAHAN", "Kelurahan"
    DESA = "DESA", "Desa"
    DESA_ADAT = "DESA_ADAT", "Desa adat"


class Klasifikasi(models.TextChoices):
    PERDESAAN = "PERDESAAN", "Perdesaan"
    PERKOTAAN = "PERKOTAAN", "Perkotaan"


class SektorKomoditas(models.TextChoices):
    TANAMAN_PANGAN = "TANAMAN_PANGAN", "Tanaman pangan"
    HORTIKULTURA = "HORTIKULTURA", "Hortikultura"
    PERKEBUNAN = "PERKEBUNAN", "Perkebunan"
    PETERNAKAN = "PETERNAKAN", "Peternakan"
    PERIKANAN = "PERIKANAN", "Perikanan"
    KEHUTANAN = "KEHUTANAN", "Kehutanan"
    PARIWISATA = "PARIWISATA", "Pariwisata"
    INDUSTRI_KERAJINAN = "INDUSTRI_KERAJINAN", "Industri dan kerajinan"
    UMKM_PENGOLAHAN = "UMKM_PENGOLAHAN", "UMKM pengolahan"
    JASA = "JASA", "Jasa"
    LAINNYA = "LAINNYA", "Lainnya"


class KelompokFasilitas(models.TextChoices):
    PEMERINTAHAN = "PEMERINTAHAN", "Pemerintahan"
    EKONOMI = "EKONOMI", "Ekonomi"
    KESEHATAN = "KESEHATAN", "Kesehatan"
    PENDIDIKAN = "PENDIDIKAN", "Pendidikan"
    KEUANGAN = "KEUANGAN", "Keuangan"
    SOSIAL = "SOSIAL", "Sosial dan ibadah"
    LAINNYA = "LAINNYA", "Lainnya"


class JenisIndeks(models.TextChoices):
    IDM = "IDM", "Indeks Desa Membangun (IDM)"
    INDEKS_DESA = "INDEKS_DESA", "Indeks Desa"


class StatusIndeks(models.TextChoices):
    SANGAT_TERTINGGAL = "SANGAT_TERTINGGAL", "Sangat tertinggal"
    TERTINGGAL = "TERTINGGAL", "Tertinggal"
    BERKEMBANG = "BERKEMBANG", "Berkembang"
    MAJU = "MAJU", "Maju"
    MANDIRI = "MANDIRI", "Mandiri"


class StatusImpor(models.TextChoices):
    """Where a confirmed profile import stands (``ImporProfil``)."""

    MENUNGGU = "MENUNGGU", "Menunggu giliran"
    BERJALAN = "BERJALAN", "Sedang berjalan"
    SELESAI = "SELESAI", "Selesai"
    GAGAL = "GAGAL", "Gagal"
