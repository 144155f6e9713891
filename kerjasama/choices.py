"""Choices of the kerja sama app (DOMAIN.md §B4–B5, B9, C1, C2, C6)."""

from django.db import models


class JenisKerjaSama(models.TextChoices):
    ANTAR_DESA = "ANTAR_DESA", "Kerja sama antar desa"
    PIHAK_KETIGA = "PIHAK_KETIGA", "Kerja sama desa dengan pihak ketiga"


class Prakarsa(models.TextChoices):
    DESA = "DESA", "Desa"
    PIHAK_KETIGA = "PIHAK_KETIGA", "Pihak ketiga"


class Bidang(models.TextChoices):
    """UU 6/2014 Pasal 92 ayat (1) (R10)."""

    USAHA_BERSAMA = "USAHA_BERSAMA", "Pengembangan usaha bersama yang dimiliki oleh desa"
    KEMASYARAKATAN = (
        "KEMASYARAKATAN_PELAYANAN_PEMBANGUNAN_PEMBERDAYAAN",
        "Kegiatan kemasyarakatan, pelayanan, pembangunan, dan pemberdayaan masyarakat antar-desa",
    )
    KEAMANAN_KETERTIBAN = "KEAMANAN_KETERTIBAN", "Bidang keamanan dan ketertiban"


class StatusKerjaSama(models.TextChoices):
    """States of §C1 (antar desa) and §C2 (pihak ketiga) in one vocabulary."""

    DRAFT = "DRAFT", "Draf"
    PERSIAPAN = "PERSIAPAN", "Persiapan"
    DISETUJUI_MUSDES = "DISETUJUI_MUSDES", "Disetujui Musdes desa pemrakarsa"
    SIAP_DITAWARKAN = "SIAP_DITAWARKAN", "Siap ditawarkan"
    PENAWARAN = "PENAWARAN", "Penawaran"
    PENYUSUNAN_RANCANGAN = "PENYUSUNAN_RANCANGAN", "Penyusunan rancangan"
    # Added to §C1: the Dinas PMD kabupaten verifies the draft before the MAD (DESIGN.md §1 role table).
    DIAJUKAN = "DIAJUKAN", "Diajukan ke kabupaten"
    DIVERIFIKASI = "DIVERIFIKASI", "Diverifikasi kabupaten"
    RANCANGAN_DISEPAKATI = "RANCANGAN_DISEPAKATI", "Rancangan disepakati"
    DITANDATANGANI = "DITANDATANGANI", "Ditandatangani"
    BERLAKU = "BERLAKU", "Berlaku"
    PERUBAHAN_DIPROSES = "PERUBAHAN_DIPROSES", "Perubahan diproses"
    DITANGGUHKAN = "DITANGGUHKAN", "Ditangguhkan"
    DALAM_PERSELISIHAN = "DALAM_PERSELISIHAN", "Dalam perselisihan"
    BERAKHIR = "BERAKHIR", "Berakhir"
    SELESAI = "SELESAI", "Selesai"
    BATAL = "BATAL", "Batal"


class PeranPeserta(models.TextChoices):
    PEMRAKARSA = "PEMRAKARSA", "Pemrakarsa"
    MITRA = "MITRA", "Mitra"


class StatusPenawaran(models.TextChoices):
    BELUM = "BELUM", "Belum dikirim"
    DIKIRIM = "DIKIRIM", "Dikirim"
    DITERIMA = "DITERIMA", "Diterima"
    DITOLAK = "DITOLAK", "Ditolak"


class JawabanPenawaran(models.TextChoices):
    DITERIMA = "DITERIMA", "Diterima"
    DITOLAK = "DITOLAK", "Ditolak"


class JenisPihakKetiga(models.TextChoices):
    SWASTA_BADAN_USAHA = "SWASTA_BADAN_USAHA", "Swasta / badan usaha"
    ORGANISASI_KEMASYARAKATAN = "ORGANISASI_KEMASYARAKATAN", "Organisasi kemasyarakatan"
    LEMBAGA_LAINNYA = "LEMBAGA_LAINNYA", "Lembaga lainnya"


class SumberDana(models.TextChoices):
    APB_DESA = "APB_DESA", "APB Desa"
    DANA_DESA = "DANA_DESA", "Dana Desa"
    ADD = "ADD", "Alokasi Dana Desa"
    APBD_KAB = "APBD_KAB", "APBD kabupaten/kota"
    APBD_PROV = "APBD_PROV", "APBD provinsi"
    APBN = "APBN", "APBN"
    PIHAK_KETIGA = "PIHAK_KETIGA", "Pihak ketiga"
    SWADAYA = "SWADAYA", "Swadaya masyarakat"
    BUM_DESA = "BUM_DESA", "BUM Desa"


class BentukKontribusi(models.TextChoices):
    UANG = "UANG", "Uang"
    BARANG = "BARANG", "Barang"
    TENAGA = "TENAGA", "Tenaga"
    ASET = "ASET", "Aset"


class JenisMusyawarah(models.TextChoices):
    MUSDES = "MUSDES", "Musyawarah Desa"
    MUSDES_KHUSUS = "MUSDES_KHUSUS", "Musyawarah Desa khusus"
    MUSRENBANG_DESA = "MUSRENBANG_DESA", "Musrenbang Desa"
    MAD = "MAD", "Musyawarah Antar Desa"
    MAD_TAHUNAN_BUMDESMA = "MAD_TAHUNAN_BUMDESMA", "MAD tahunan BUM Desa bersama"
    MAD_KHUSUS_BUMDESMA = "MAD_KHUSUS_BUMDESMA", "MAD khusus BUM Desa bersama"


class HasilMusyawarah(models.TextChoices):
    SEPAKAT = "SEPAKAT", "Sepakat"
    TIDAK_SEPAKAT = "TIDAK_SEPAKAT", "Tidak sepakat"
    DITUNDA = "DITUNDA", "Ditunda"


class AgendaMAD(models.TextChoices):
    """UU 6/2014 Pasal 92 ayat (4)."""

    PEMBENTUKAN_LEMBAGA = "PEMBENTUKAN_LEMBAGA_ANTAR_DESA", "Pembentukan lembaga antar-desa"
    PROGRAM_PEMERINTAH = "PROGRAM_PEMERINTAH_VIA_KAD", "Pelaksanaan program pemerintah melalui kerja sama antar-desa"
    PEMBANGUNAN_ANTAR_DESA = (
        "PERENCANAAN_PELAKSANAAN_PEMANTAUAN_PEMBANGUNAN_ANTAR_DESA",
        "Perencanaan, pelaksanaan, dan pemantauan program pembangunan antar-desa",
    )
    ALOKASI_ANGGARAN = "ALOKASI_ANGGARAN_DESA_ANTARDESA_KAWASAN", "Pengalokasian anggaran untuk pembangunan antar-desa dan kawasan"
    MASUKAN_PEMDA = "MASUKAN_PROGRAM_PEMDA", "Masukan terhadap program pemerintah daerah"
    KERJA_SAMA = "KESEPAKATAN_KERJA_SAMA", "Kesepakatan rancangan Peraturan Bersama Kepala Desa"
    LAINNYA = "LAINNYA", "Lainnya"


class UnsurBKAD(models.TextChoices):
    """PP 43/2014 Pasal 144 ayat (1)."""

    PEMERINTAH_DESA = "PEMERINTAH_DESA", "Pemerintah desa"
    ANGGOTA_BPD = "ANGGOTA_BPD", "Anggota BPD"
    LEMBAGA_KEMASYARAKATAN = "LEMBAGA_KEMASYARAKATAN_DESA", "Lembaga kemasyarakatan desa"
    LEMBAGA_DESA_LAINNYA = "LEMBAGA_DESA_LAINNYA", "Lembaga desa lainnya"
    TOKOH_MASYARAKAT = "TOKOH_MASYARAKAT", "Tokoh masyarakat"


class JabatanBKAD(models.TextChoices):
    KETUA = "KETUA", "Ketua"
    WAKIL_KETUA = "WAKIL_KETUA", "Wakil ketua"
    SEKRETARIS = "SEKRETARIS", "Sekretaris"
    BENDAHARA = "BENDAHARA", "Bendahara"
    KETUA_BIDANG = "KETUA_BIDANG", "Ketua bidang"
    ANGGOTA = "ANGGOTA", "Anggota"


class JenisKelamin(models.TextChoices):
    L = "L", "Laki-laki"
    P = "P", "Perempuan"


class StatusBKAD(models.TextChoices):
    AKTIF = "AKTIF", "Aktif"
    NONAKTIF = "NONAKTIF", "Nonaktif"
    BUBAR = "BUBAR", "Bubar"


class JenisPerubahan(models.TextChoices):
    PERUBAHAN = "PERUBAHAN", "Perubahan"
    PENUNDAAN = "PENUNDAAN", "Penundaan"
    PEMBATALAN = "PEMBATALAN", "Pembatalan"
    PENGAKHIRAN = "PENGAKHIRAN", "Pengakhiran"


class AlasanBerakhir(models.TextChoices):
    """PP 43/2014 Pasal 147 huruf a–i."""

    KESEPAKATAN_PARA_PIHAK = "KESEPAKATAN_PARA_PIHAK", "a. atas kesepakatan para pihak"
    TUJUAN_TERCAPAI = "TUJUAN_TERCAPAI", "b. tujuan kerja sama telah tercapai"
    KEADAAN_LUAR_BIASA = "KEADAAN_LUAR_BIASA", "c. terdapat keadaan luar biasa"
    WANPRESTASI = "WANPRESTASI_PELANGGARAN", "d. salah satu pihak tidak melaksanakan kewajiban"
    DIGANTI_PERJANJIAN_BARU = "DIGANTI_PERJANJIAN_BARU", "e. dibuat perjanjian baru yang menggantikan"
    BERTENTANGAN_PERATURAN = "BERTENTANGAN_PERATURAN", "f. bertentangan dengan peraturan perundang-undangan"
    OBJEK_HILANG = "OBJEK_HILANG", "g. objek perjanjian hilang"
    MERUGIKAN_KEPENTINGAN = "MERUGIKAN_KEPENTINGAN_MASYARAKAT_DAERAH_NASIONAL", "h. merugikan kepentingan masyarakat desa, daerah, atau nasional"
    MASA_BERAKHIR = "MASA_BERAKHIR", "i. berakhirnya masa perjanjian"


def alasan_berakhir_teks(kode: str) -> str:
    """The words for a reason of PP 43/2014 Pasal 147 on the timeline and in notifications — its label with
    its letter, never its code (a value that is no reason is returned as it is)."""
    label = dict(AlasanBerakhir.choices).get(kode)
    if not label:
        return kode
    huruf, _, teks = label.partition(". ")
    return f"Alasan berakhir (PP 43/2014 Pasal 147 huruf {huruf}): {teks}."


class StatusPerubahan(models.TextChoices):
    DIAJUKAN = "DIAJUKAN", "Diajukan"
    DISEPAKATI = "DISEPAKATI", "Disepakati"
    DITOLAK = "DITOLAK", "Ditolak"
    # A PERUBAHAN whose amending Peraturan/Perjanjian Bersama is signed (and promulgated): its text is in force.
    BERLAKU = "BERLAKU", "Berlaku"


class CaraPenyebarluasan(models.TextChoices):
    """How a desa made a promulgated Peraturan Bersama known to its people (PP 43/2014 Pasal 88 ayat (3))."""

    PAPAN_PENGUMUMAN = "PAPAN_PENGUMUMAN", "Papan pengumuman desa"
    SITUS_WEB = "SITUS_WEB", "Situs web desa"
    MUSDES = "MUSDES", "Musyawarah Desa"
    MEDIA_LAIN = "MEDIA_LAIN", "Media lain"


class TingkatPerselisihan(models.TextChoices):
    MUSYAWARAH_PARA_PIHAK = "MUSYAWARAH_PARA_PIHAK", "Musyawarah para pihak"
    CAMAT = "CAMAT", "Fasilitasi camat"
    BUPATI_WALIKOTA = "BUPATI_WALIKOTA", "Fasilitasi bupati/wali kota"
    PROSES_HUKUM = "PROSES_HUKUM", "Proses hukum"


class StatusPerselisihan(models.TextChoices):
    DIAJUKAN = "DIAJUKAN", "Diajukan"
    FASILITASI_CAMAT = "FASILITASI_CAMAT", "Fasilitasi camat"
    FASILITASI_BUPATI = "FASILITASI_BUPATI", "Fasilitasi bupati/wali kota"
    SELESAI_MUSYAWARAH = "SELESAI_MUSYAWARAH", "Selesai dengan musyawarah"
    SELESAI_FINAL = "SELESAI_FINAL", "Selesai (final)"
    PROSES_HUKUM = "PROSES_HUKUM", "Proses hukum"


class JenisProdukHukum(models.TextChoices):
    PERATURAN_BERSAMA_KADES = "PERATURAN_BERSAMA_KADES", "Peraturan Bersama Kepala Desa"
    PERJANJIAN_BERSAMA = "PERJANJIAN_BERSAMA", "Perjanjian Bersama"
    SURAT_PENAWARAN = "SURAT_PENAWARAN", "Surat Penawaran Kerja Sama"
    BERITA_ACARA_MAD = "BERITA_ACARA_MAD", "Berita Acara Musyawarah Antar Desa"
    KEPUTUSAN_BUPATI = "KEPUTUSAN_BUPATI", "Keputusan Bupati/Wali Kota"
    LAINNYA = "LAINNYA", "Lainnya"


class StatusProdukHukum(models.TextChoices):
    """§C6."""

    DRAFT = "DRAFT", "Draf"
    RANCANGAN_DISEPAKATI = "RANCANGAN_DISEPAKATI", "Rancangan disepakati"
    DITANDATANGANI = "DITANDATANGANI", "Ditandatangani"
    DIUNDANGKAN = "DIUNDANGKAN", "Diundangkan"
    DISEBARLUASKAN = "DISEBARLUASKAN", "Disebarluaskan"
    DICABUT = "DICABUT", "Dicabut"


class UkuranKertas(models.TextChoices):
    A4 = "A4", "A4 (21 × 29,7 cm)"
    F4 = "F4", "F4/folio (21,5 × 33 cm)"


class JenisDokumen(models.TextChoices):
    BERITA_ACARA = "BERITA_ACARA", "Berita acara"
    DAFTAR_HADIR = "DAFTAR_HADIR", "Daftar hadir"
    NOTULEN = "NOTULEN", "Notulen"
    FOTO = "FOTO", "Foto"
    SURAT = "SURAT", "Surat"
    PERATURAN = "PERATURAN", "Peraturan"
    SK = "SK", "Surat keputusan"
    PETA = "PETA", "Peta"
    LAPORAN = "LAPORAN", "Laporan"
    LAINNYA = "LAINNYA", "Lainnya"


class Visibilitas(models.TextChoices):
    PUBLIK = "PUBLIK", "Publik"
    INTERNAL = "INTERNAL", "Internal"
