"""Test data for the document tests and bench/pdf.py: one agreement of N desa, built directly with the models.

The services are not needed to render a document (and are tested elsewhere); this builds the rows a
signed and promulgated Peraturan Bersama reads: peserta with numbers, Musdes per desa, the MAD, a BKAD
with members, contributions per desa and the ProdukHukum itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desa.models import Desa

from kerjasama.choices import (
    AgendaMAD,
    Bidang,
    HasilMusyawarah,
    JabatanBKAD,
    JenisKelamin,
    JenisMusyawarah,
    JenisProdukHukum,
    PeranPeserta,
    StatusKerjaSama,
    StatusPenawaran,
    StatusProdukHukum,
    SumberDana,
    UnsurBKAD,
)
from kerjasama.models import BKAD, BKADAnggota, KerjaSamaDesa, KerjaSamaPeserta, KontribusiDana, Musyawarah, ProdukHukum

# Real desa of Kec. Kalimanah (Purbalingga) besides those of the root conftest; no name is part of another.
NAMA_DESA_TAMBAHAN = [
    ("33.03.06.2001", "Karangpetir"), ("33.03.06.2002", "Manduraga"), ("33.03.06.2003", "Rabak"),
    ("33.03.06.2004", "Karangsari"), ("33.03.06.2005", "Selabaya"), ("33.03.06.2007", "Sidakangen"),
    ("33.03.06.2008", "Babakan"), ("33.03.06.2009", "Grecol"),
]
TANGGAL_TETAP = dt.date(2026, 11, 23)


def desa_dokumen(wilayah, jumlah: int) -> list[Desa]:
    """``jumlah`` desa of one kabupaten: Klapasawit, Kalimanah Kulon, Kemangkon, then new Kalimanah desa."""
    desa = [wilayah.klapasawit, wilayah.tetangga, wilayah.kemangkon_desa]
    for kode, nama in NAMA_DESA_TAMBAHAN[: max(0, jumlah - len(desa))]:
        desa.append(Desa.objects.get_or_create(
            kode=kode, defaults={"nama": nama, "kecamatan": wilayah.kalimanah, "jenis": "DESA"})[0])
    return desa[:jumlah]


def buat_kerja_sama(desa: list[Desa], *, ditandatangani: bool = True, diundangkan: bool = True,
                    jenis_ph: str = JenisProdukHukum.PERATURAN_BERSAMA_KADES, ukuran: str = "A4") -> ProdukHukum:
    """An antar-desa agreement between ``desa`` (the first initiates) and its Peraturan Bersama row."""
    kab = desa[0].kecamatan.kabupaten
    ks = KerjaSamaDesa.objects.create(
        judul="Pengembangan Usaha Bersama Kerajinan Bambu",
        bidang=[Bidang.USAHA_BERSAMA, Bidang.KEMASYARAKATAN],
        maksud_tujuan="Meningkatkan nilai tambah kerajinan bambu para desa melalui usaha bersama.",
        ruang_lingkup="Pengadaan bahan baku bambu secara bersama.\nPelatihan perajin.\nPemasaran bersama hasil kerajinan.",
        tata_cara_pelaksanaan="Kerja sama dilaksanakan oleh BKAD berdasarkan rencana kerja tahunan yang disepakati "
                              "dalam Musyawarah Antar Desa.",
        tanggal_mulai=dt.date(2027, 1, 1),
        tanggal_selesai=dt.date(2029, 12, 31),
        hak_kewajiban="Setiap desa berhak memperoleh bagian hasil usaha sebanding dengan kontribusinya.\n"
                      "Setiap desa wajib menganggarkan kontribusinya dalam APB Desa.",
        pendanaan_uraian="Kerja sama didanai dari APB Desa masing-masing desa dan sumber lain yang sah.",
        tata_cara_perubahan="Perubahan, penundaan, atau pembatalan dilakukan atas kesepakatan para pihak melalui "
                            "Musyawarah Antar Desa.",
        penyelesaian_perselisihan="Perselisihan diselesaikan secara musyawarah; bila tidak tercapai, difasilitasi "
                                  "oleh camat (PP 43/2014 Pasal 148).",
        desa_pemrakarsa=desa[0],
        kabupaten=kab,
        status=StatusKerjaSama.BERLAKU if diundangkan else (
            StatusKerjaSama.DITANDATANGANI if ditandatangani else StatusKerjaSama.RANCANGAN_DISEPAKATI),
        tempat_penetapan=desa[0].nama,
        tanggal_penetapan=TANGGAL_TETAP if ditandatangani else None,
    )
    mad = Musyawarah.objects.create(
        jenis=JenisMusyawarah.MAD, kerja_sama=ks, kabupaten=kab, penyelenggara="Kesepakatan para kepala desa",
        tanggal=dt.date(2026, 10, 5), tempat=f"Balai Desa {desa[0].nama}",
        agenda=[AgendaMAD.KERJA_SAMA, AgendaMAD.PEMBENTUKAN_LEMBAGA], jumlah_hadir=40, jumlah_perempuan=12,
        peserta_unsur={d.kode: {"Pemdes": 2, "BPD": 2, "masyarakat": 1} for d in desa},
        pimpinan="Sutrisno", notulis="Wulandari", hasil=HasilMusyawarah.SEPAKAT,
        keputusan_ringkas="Menyepakati rancangan Peraturan Bersama Kepala Desa.\nMembentuk BKAD.",
    )
    mad.desa.set(desa)
    bkad = BKAD.objects.create(kerja_sama=ks, nama="BKAD Kalimanah", periode_mulai=dt.date(2027, 1, 1),
                               periode_selesai=dt.date(2029, 12, 31))
    jabatan = [JabatanBKAD.KETUA, JabatanBKAD.SEKRETARIS, JabatanBKAD.BENDAHARA]
    for i, d in enumerate(desa):
        musdes = Musyawarah.objects.create(
            jenis=JenisMusyawarah.MUSDES, kerja_sama=ks, kabupaten=kab, penyelenggara=f"BPD {d.nama}",
            tanggal=dt.date(2026, 9, 1 + i), tempat=f"Balai Desa {d.nama}", hasil=HasilMusyawarah.SEPAKAT,
            keputusan_ringkas="Menyetujui kerja sama antar desa.",
        )
        musdes.desa.set([d])
        p = KerjaSamaPeserta.objects.create(
            kerja_sama=ks, desa=d, urutan=i, musdes=musdes, tercantum_rpjmdes=True,
            peran=PeranPeserta.PEMRAKARSA if i == 0 else PeranPeserta.MITRA,
            penawaran_status=StatusPenawaran.DITERIMA,
            kepala_desa_nama=f"Darmo {d.nama} Santoso" if ditandatangani else "",
            nomor_peraturan=i + 1 if ditandatangani else None,
            tahun_peraturan=TANGGAL_TETAP.year if ditandatangani else None,
            tanggal_tanda_tangan=TANGGAL_TETAP if ditandatangani else None,
            sekretaris_desa_nama=f"Rahayu {d.nama} Lestari" if diundangkan else "",
            berita_desa_tahun=TANGGAL_TETAP.year if diundangkan else None,
            berita_desa_nomor=str(10 + i) if diundangkan else "",
            tanggal_diundangkan=dt.date(2026, 11, 25) if diundangkan else None,
        )
        KontribusiDana.objects.create(kerja_sama=ks, peserta=p, sumber=SumberDana.DANA_DESA, tahun_anggaran=2027,
                                      nilai=Decimal(1_250_000 * (i + 1)), keterangan="Penyertaan modal usaha")
        BKADAnggota.objects.create(
            bkad=bkad, nama=f"Anggota {d.nama}", asal_desa=d,
            unsur=UnsurBKAD.ANGGOTA_BPD if i % 2 else UnsurBKAD.PEMERINTAH_DESA,
            jabatan=jabatan[i] if i < len(jabatan) else JabatanBKAD.ANGGOTA,
            jenis_kelamin=JenisKelamin.P if i % 3 == 0 else JenisKelamin.L,
        )
    status_ph = (StatusProdukHukum.DIUNDANGKAN if diundangkan else
                 StatusProdukHukum.DITANDATANGANI if ditandatangani else StatusProdukHukum.RANCANGAN_DISEPAKATI)
    ph = ProdukHukum.objects.create(
        jenis=jenis_ph, kerja_sama=ks, kabupaten=kab, tentang=ks.judul, status=status_ph, ukuran_kertas=ukuran,
        tanggal_ditetapkan=TANGGAL_TETAP if ditandatangani else None,
        tahun=TANGGAL_TETAP.year if ditandatangani else None,
    )
    ph.desa.set(desa)
    return ph
