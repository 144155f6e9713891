"""Kerja sama desa: agreements, their parties, deliberations, BKAD, documents — DOMAIN.md §B4, B5, B9.

Models hold tables and field invariants only; the allowed transitions are in ``workflow.py``, the
rules of law in ``aturan.py`` and every state change in ``services.py``.

Shared machinery that ``kawasan`` and ``bumdesma`` reuse lives here (DESIGN.md §3): ``Musyawarah``,
``ProdukHukum``, ``Dokumen``, ``Notifikasi``. Each of them carries its ``kabupaten`` and its ``desa``
so the scope gate can place it without knowing its owner.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from desa.models import Desa, Jejak, Kabupaten
from inti.riwayat import lacak

from .choices import (
    AgendaMAD,
    AlasanBerakhir,
    Bidang,
    BentukKontribusi,
    CaraPenyebarluasan,
    HasilMusyawarah,
    JabatanBKAD,
    JawabanPenawaran,
    JenisDokumen,
    JenisKelamin,
    JenisKerjaSama,
    JenisMusyawarah,
    JenisPerubahan,
    JenisPihakKetiga,
    JenisProdukHukum,
    PeranPeserta,
    Prakarsa,
    StatusBKAD,
    StatusKerjaSama,
    StatusPenawaran,
    StatusPerselisihan,
    StatusPerubahan,
    StatusProdukHukum,
    SumberDana,
    TingkatPerselisihan,
    UkuranKertas,
    UnsurBKAD,
    Visibilitas,
)

UANG = {"max_digits": 18, "decimal_places": 2}


# The characters of printed codes: no look-alikes (no 0/O, 1/I/L).
ABJAD_KODE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PANJANG_KODE_VERIFIKASI = 10


def kode_acak(panjang: int = 8) -> str:
    """A short code without look-alike characters (no 0/O, 1/I/L), for printed verification."""
    return "".join(secrets.choice(ABJAD_KODE) for _ in range(panjang))


@lacak()
class PihakKetiga(Jejak):
    """A third party (swasta, ormas, lembaga lain) cooperating with a desa (UU 6/2014 Pasal 93)."""

    kabupaten = models.ForeignKey(Kabupaten, verbose_name="kabupaten/kota terdaftar", on_delete=models.PROTECT, related_name="+")
    nama = models.CharField("nama", max_length=200)
    jenis = models.CharField("jenis", max_length=30, choices=JenisPihakKetiga.choices)
    badan_hukum = models.BooleanField("berbadan hukum", default=False)
    nomor_legalitas = models.CharField("akta/NIB", max_length=100, blank=True)
    alamat = models.TextField("alamat", blank=True)
    penanggung_jawab_nama = models.CharField("nama penanggung jawab", max_length=150)
    penanggung_jawab_jabatan = models.CharField("jabatan penanggung jawab", max_length=150)
    kontak = models.CharField("kontak", max_length=150, blank=True)

    class Meta:
        verbose_name = "pihak ketiga"
        verbose_name_plural = "pihak ketiga"
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


@lacak()
class KerjaSamaDesa(Jejak):
    """One cooperation agreement: antar desa (Peraturan Bersama) or with a third party (Perjanjian Bersama).

    The eight mandatory content items of PP 43/2014 Pasal 143 ayat (4) are the text fields from
    ``ruang_lingkup`` to ``penyelesaian_perselisihan`` plus ``bidang`` (R5).
    """

    kode = models.CharField("kode", max_length=12, unique=True, editable=False)
    jenis = models.CharField("jenis", max_length=20, choices=JenisKerjaSama.choices, default=JenisKerjaSama.ANTAR_DESA)
    prakarsa = models.CharField("prakarsa", max_length=20, choices=Prakarsa.choices, default=Prakarsa.DESA)
    judul = models.CharField("judul (tentang)", max_length=255)
    bidang = ArrayField(models.CharField(max_length=60, choices=Bidang.choices), verbose_name="bidang", default=list)
    ruang_lingkup = models.TextField("ruang lingkup", blank=True)
    tata_cara_pelaksanaan = models.TextField("tata cara dan ketentuan pelaksanaan", blank=True)
    tanggal_mulai = models.DateField("tanggal mulai", null=True, blank=True)
    tanggal_selesai = models.DateField("tanggal selesai", null=True, blank=True)
    hak_kewajiban = models.TextField("hak dan kewajiban", blank=True)
    pendanaan_uraian = models.TextField("pendanaan", blank=True)
    tata_cara_perubahan = models.TextField("tata cara perubahan, penundaan, dan pembatalan", blank=True)
    penyelesaian_perselisihan = models.TextField("penyelesaian perselisihan", blank=True)
    maksud_tujuan = models.TextField("maksud dan tujuan", blank=True)
    desa_pemrakarsa = models.ForeignKey(Desa, verbose_name="desa pemrakarsa", on_delete=models.PROTECT, related_name="+")
    kabupaten = models.ForeignKey(Kabupaten, verbose_name="kabupaten/kota", on_delete=models.PROTECT, related_name="+")
    pihak_ketiga = models.ForeignKey(
        PihakKetiga, verbose_name="pihak ketiga", null=True, blank=True, on_delete=models.PROTECT, related_name="kerja_sama"
    )
    # §C2: the third party's own number and signer of the Perjanjian Bersama (D3).
    pihak_ketiga_nomor = models.CharField("nomor perjanjian pihak ketiga", max_length=60, blank=True)
    pihak_ketiga_penanda_tangan = models.CharField("penanda tangan pihak ketiga", max_length=150, blank=True)
    pihak_ketiga_jabatan = models.CharField("jabatan penanda tangan pihak ketiga", max_length=150, blank=True)
    pihak_ketiga_tanggal_ttd = models.DateField("tanggal tanda tangan pihak ketiga", null=True, blank=True)
    status = models.CharField("status", max_length=24, choices=StatusKerjaSama.choices, default=StatusKerjaSama.DRAFT, db_index=True)
    alasan_berakhir = models.CharField("alasan berakhir", max_length=50, choices=AlasanBerakhir.choices, blank=True)
    catatan_verifikasi = models.TextField("catatan verifikasi kabupaten", blank=True)
    tempat_penetapan = models.CharField("ditetapkan di", max_length=100, blank=True)
    tanggal_penetapan = models.DateField("tanggal penetapan", null=True, blank=True)

    class Meta:
        verbose_name = "kerja sama desa"
        verbose_name_plural = "kerja sama desa"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kabupaten", "status"], name="kerjasama_kab_status")]

    def __str__(self) -> str:
        return f"{self.judul} ({self.kode})"

    def save(self, *args, **kwargs):
        if not self.kode:
            self.kode = "KS-" + kode_acak(8)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.tanggal_mulai and self.tanggal_selesai and self.tanggal_selesai <= self.tanggal_mulai:
            raise ValidationError({"tanggal_selesai": "Tanggal selesai harus sesudah tanggal mulai."})
        if self.jenis == JenisKerjaSama.ANTAR_DESA and self.pihak_ketiga_id:
            raise ValidationError({"pihak_ketiga": "Kerja sama antar desa tidak memiliki pihak ketiga."})

    @property
    def tahun(self) -> int:
        return (self.tanggal_penetapan or self.created_at.date()).year


class PengesahanDesa(models.Model):
    """One desa's signature, number, promulgation and dissemination of one Peraturan Bersama (PP 43/2014
    Pasal 88; DOMAIN.md §C6, R12). The first Peraturan Bersama of an agreement keeps them on the party row
    (``KerjaSamaPeserta``); every amending document has its own rows (``PenandatanganDokumen``)."""

    kepala_desa_nama = models.CharField("nama kepala desa", max_length=150, blank=True)
    # The desa's yearly series the number belongs to (``NomorUrut.jenis``): a Peraturan Bersama and its
    # amendments share one series, a Perjanjian Bersama with a third party has its own (DOMAIN.md §D1 item 3
    # "each desa's own series", §D3); the unique constraints below are per series.
    seri_nomor = models.CharField("seri nomor", max_length=30, blank=True, editable=False)
    nomor_peraturan = models.PositiveIntegerField("nomor peraturan desa ini", null=True, blank=True)
    tahun_peraturan = models.PositiveSmallIntegerField("tahun", null=True, blank=True)
    tanggal_tanda_tangan = models.DateField("tanggal tanda tangan", null=True, blank=True)
    ditandatangani_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="dicatat oleh", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sekretaris_desa_nama = models.CharField("nama sekretaris desa", max_length=150, blank=True)
    berita_desa_tahun = models.PositiveSmallIntegerField("Berita Desa tahun", null=True, blank=True)
    berita_desa_nomor = models.CharField("Berita Desa nomor", max_length=20, blank=True)
    tanggal_diundangkan = models.DateField("tanggal diundangkan", null=True, blank=True)
    tanggal_disebarluaskan = models.DateField("tanggal disebarluaskan", null=True, blank=True)
    cara_penyebarluasan = models.CharField("cara penyebarluasan", max_length=20, choices=CaraPenyebarluasan.choices, blank=True)
    keterangan_penyebarluasan = models.CharField("keterangan penyebarluasan", max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def sudah_tanda_tangan(self) -> bool:
        return self.tanggal_tanda_tangan is not None

    @property
    def nomor_lengkap(self) -> str:
        return f"{self.nomor_peraturan:02d}" if self.nomor_peraturan else "…"


@lacak()
class KerjaSamaPeserta(PengesahanDesa, Jejak):
    """A party of an agreement: a desa (its Musdes consent, its own number and signature, its Berita Desa)."""

    kerja_sama = models.ForeignKey(KerjaSamaDesa, verbose_name="kerja sama", on_delete=models.CASCADE, related_name="peserta")
    desa = models.ForeignKey(Desa, verbose_name="desa", on_delete=models.PROTECT, related_name="kerja_sama_peserta")
    peran = models.CharField("peran", max_length=12, choices=PeranPeserta.choices, default=PeranPeserta.MITRA)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    penawaran_status = models.CharField("status penawaran", max_length=10, choices=StatusPenawaran.choices, default=StatusPenawaran.BELUM)
    musdes = models.ForeignKey(
        "Musyawarah", verbose_name="Musdes persetujuan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tercantum_rpjmdes = models.BooleanField("tercantum dalam RPJM Desa dan RKP Desa", default=False)
    rpjmdes_rujukan = models.CharField("rujukan RPJM/RKP Desa", max_length=200, blank=True)

    class Meta:
        verbose_name = "peserta kerja sama"
        verbose_name_plural = "peserta kerja sama"
        ordering = ["kerja_sama_id", "urutan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kerja_sama", "desa"], name="peserta_desa_unik"),
            # Each desa numbers its Peraturan Bersama (and, apart, its Perjanjian Bersama) in its own yearly
            # series: never twice the same number in one series.
            models.UniqueConstraint(
                fields=["desa", "seri_nomor", "tahun_peraturan", "nomor_peraturan"],
                condition=models.Q(nomor_peraturan__isnull=False),
                name="peserta_nomor_unik",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.desa.nama} ({self.get_peran_display()})"


@lacak()
class NomorUrut(models.Model):
    """Counter row per (desa, document kind, year), taken with SELECT … FOR UPDATE (STYLE.md §11)."""

    desa = models.ForeignKey(Desa, on_delete=models.CASCADE, related_name="+")
    jenis = models.CharField(max_length=30)
    tahun = models.PositiveSmallIntegerField()
    terakhir = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "nomor urut"
        verbose_name_plural = "nomor urut"
        constraints = [models.UniqueConstraint(fields=["desa", "jenis", "tahun"], name="nomor_urut_unik")]


@lacak()
class KontribusiDana(Jejak):
    """What one party brings: money, goods, work or assets, and from which budget (R9)."""

    kerja_sama = models.ForeignKey(KerjaSamaDesa, verbose_name="kerja sama", on_delete=models.CASCADE, related_name="kontribusi")
    peserta = models.ForeignKey(KerjaSamaPeserta, verbose_name="desa", null=True, blank=True, on_delete=models.CASCADE, related_name="kontribusi")
    sumber = models.CharField("sumber", max_length=20, choices=SumberDana.choices)
    tahun_anggaran = models.PositiveSmallIntegerField("tahun anggaran", validators=[MinValueValidator(2000)])
    nilai = models.DecimalField("nilai (Rp)", validators=[MinValueValidator(0)], **UANG)
    bentuk = models.CharField("bentuk", max_length=10, choices=BentukKontribusi.choices, default=BentukKontribusi.UANG)
    keterangan = models.CharField("keterangan", max_length=255, blank=True)

    class Meta:
        verbose_name = "kontribusi dana"
        verbose_name_plural = "kontribusi dana"
        ordering = ["kerja_sama_id", "peserta_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_sumber_display()} {self.tahun_anggaran}: Rp {self.nilai}"


@lacak()
class SuratPenawaran(Jejak):
    """The offer letter from the initiating kepala desa to one partner desa, or (§C2) to a third party
    (Permendagri 96/2017 Pasal 13 ayat (3)); its generated PDF (D4) is a ProdukHukum row with a QR code."""

    kerja_sama = models.ForeignKey(KerjaSamaDesa, verbose_name="kerja sama", on_delete=models.CASCADE, related_name="surat_penawaran")
    kepada = models.ForeignKey(
        KerjaSamaPeserta, verbose_name="kepada", null=True, blank=True, on_delete=models.CASCADE, related_name="surat_penawaran"
    )
    kepada_pihak_ketiga = models.ForeignKey(
        PihakKetiga, verbose_name="kepada pihak ketiga", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dokumen = models.OneToOneField(
        "ProdukHukum", verbose_name="PDF surat", null=True, blank=True, on_delete=models.SET_NULL, related_name="surat_penawaran"
    )
    nomor = models.CharField("nomor surat", max_length=60)
    tanggal = models.DateField("tanggal")
    batas_jawab = models.DateField(
        "batas waktu jawaban", null=True, blank=True,
        help_text="tanpa jawaban sampai tanggal ini, penawaran dianggap tidak diterima (DOMAIN.md §C1: timeout)",
    )
    isi = models.JSONField("isi penawaran", default=dict, help_text="salinan isi kerja sama saat surat dikirim")
    jawaban = models.CharField("jawaban", max_length=10, choices=JawabanPenawaran.choices, blank=True)
    tanggal_jawaban = models.DateField("tanggal jawaban", null=True, blank=True)
    catatan_jawaban = models.TextField("catatan jawaban", blank=True)
    dijawab_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "surat penawaran"
        verbose_name_plural = "surat penawaran"
        ordering = ["kerja_sama_id", "id"]

    def __str__(self) -> str:
        tujuan = self.kepada.desa.nama if self.kepada_id else (self.kepada_pihak_ketiga or "pihak ketiga")
        return f"Penawaran {self.nomor} kepada {tujuan}"


@lacak()
class Musyawarah(Jejak):
    """A deliberation: Musdes of one desa or a MAD of several (used by kerja sama, kawasan, BUMDesma)."""

    jenis = models.CharField("jenis", max_length=24, choices=JenisMusyawarah.choices)
    kerja_sama = models.ForeignKey(
        KerjaSamaDesa, verbose_name="kerja sama", null=True, blank=True, on_delete=models.CASCADE, related_name="musyawarah"
    )
    kabupaten = models.ForeignKey(Kabupaten, verbose_name="kabupaten/kota", on_delete=models.PROTECT, related_name="+")
    desa = models.ManyToManyField(Desa, verbose_name="desa", related_name="musyawarah")
    penyelenggara = models.CharField("penyelenggara", max_length=200)
    tanggal = models.DateField("tanggal")
    tempat = models.CharField("tempat", max_length=200)
    agenda = ArrayField(models.CharField(max_length=60, choices=AgendaMAD.choices), verbose_name="agenda", default=list, blank=True)
    agenda_uraian = models.TextField("uraian agenda", blank=True)
    jumlah_hadir = models.PositiveIntegerField("jumlah hadir", default=0)
    jumlah_perempuan = models.PositiveIntegerField("jumlah perempuan hadir", default=0)
    peserta_unsur = models.JSONField("unsur peserta per desa", default=dict, blank=True)
    pimpinan = models.CharField("pimpinan musyawarah", max_length=150, blank=True)
    notulis = models.CharField("notulis", max_length=150, blank=True)
    hasil = models.CharField("hasil", max_length=14, choices=HasilMusyawarah.choices)
    keputusan_ringkas = models.TextField("keputusan")
    dokumen = models.OneToOneField(
        "ProdukHukum", verbose_name="berita acara (PDF dibuat)", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="musyawarah",
    )

    class Meta:
        verbose_name = "musyawarah"
        verbose_name_plural = "musyawarah"
        ordering = ["-tanggal", "-id"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tanggal:%d-%m-%Y} ({self.get_hasil_display()})"

    def clean(self) -> None:
        if self.jumlah_perempuan > self.jumlah_hadir:
            raise ValidationError({"jumlah_perempuan": "Jumlah perempuan tidak boleh melebihi jumlah hadir."})


@lacak()
class BKAD(Jejak):
    """Badan Kerja Sama Antar-Desa, formed by the Peraturan Bersama (UU 6/2014 Pasal 92 ayat (3); PP 43/2014 Pasal 144)."""

    kerja_sama = models.OneToOneField(KerjaSamaDesa, verbose_name="kerja sama", on_delete=models.CASCADE, related_name="bkad")
    nama = models.CharField("nama", max_length=200)
    periode_mulai = models.DateField("masa bakti mulai", null=True, blank=True)
    periode_selesai = models.DateField("masa bakti selesai", null=True, blank=True)
    status = models.CharField("status", max_length=10, choices=StatusBKAD.choices, default=StatusBKAD.AKTIF)

    class Meta:
        verbose_name = "BKAD"
        verbose_name_plural = "BKAD"

    def __str__(self) -> str:
        return self.nama


@lacak()
class BKADAnggota(Jejak):
    bkad = models.ForeignKey(BKAD, verbose_name="BKAD", on_delete=models.CASCADE, related_name="anggota")
    nama = models.CharField("nama", max_length=150)
    asal_desa = models.ForeignKey(Desa, verbose_name="asal desa", on_delete=models.PROTECT, related_name="+")
    unsur = models.CharField("unsur", max_length=30, choices=UnsurBKAD.choices)
    jabatan = models.CharField("jabatan dalam BKAD", max_length=14, choices=JabatanBKAD.choices, default=JabatanBKAD.ANGGOTA)
    jenis_kelamin = models.CharField("jenis kelamin", max_length=1, choices=JenisKelamin.choices)

    class Meta:
        verbose_name = "anggota BKAD"
        verbose_name_plural = "anggota BKAD"
        ordering = ["bkad_id", "id"]

    def __str__(self) -> str:
        return f"{self.nama} ({self.get_jabatan_display()})"


@lacak()
class LaporanKerjaSama(Jejak):
    """A periodic report: BKAD to the kepala desa, copy to BPD and Bupati via Camat."""

    kerja_sama = models.ForeignKey(KerjaSamaDesa, verbose_name="kerja sama", on_delete=models.CASCADE, related_name="laporan")
    periode = models.CharField("periode", max_length=60)
    isi = models.TextField("isi laporan")
    tanggal_kirim = models.DateField("tanggal kirim")

    class Meta:
        verbose_name = "laporan kerja sama"
        verbose_name_plural = "laporan kerja sama"
        ordering = ["kerja_sama_id", "-tanggal_kirim"]

    def __str__(self) -> str:
        return f"Laporan {self.periode}"


@lacak()
class PerubahanKerjaSama(Jejak):
    """A change, suspension, cancellation or termination, decided by a musyawarah of all parties (R13)."""

    kerja_sama = models.ForeignKey(KerjaSamaDesa, verbose_name="kerja sama", on_delete=models.CASCADE, related_name="perubahan")
    jenis = models.CharField("jenis", max_length=12, choices=JenisPerubahan.choices)
    uraian = models.TextField("uraian")
    alasan = models.CharField("alasan (PP 43/2014 Pasal 147)", max_length=50, choices=AlasanBerakhir.choices, blank=True)
    musyawarah = models.ForeignKey(Musyawarah, verbose_name="musyawarah", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("status", max_length=10, choices=StatusPerubahan.choices, default=StatusPerubahan.DIAJUKAN)
    tanggal_efektif = models.DateField("tanggal efektif", null=True, blank=True)
    # PERUBAHAN: the new wording of the changed content items ({field name: new value}); applied to the
    # agreement when the amending document is in force. Empty: the change is ``uraian`` itself.
    isi_baru = models.JSONField("ketentuan yang diubah", default=dict, blank=True)
    dokumen = models.OneToOneField(
        "ProdukHukum", verbose_name="peraturan/perjanjian perubahan", null=True, blank=True, on_delete=models.PROTECT,
        related_name="perubahan",
    )
    pihak_ketiga_penanda_tangan = models.CharField("penanda tangan pihak ketiga", max_length=150, blank=True)
    pihak_ketiga_jabatan = models.CharField("jabatan penanda tangan pihak ketiga", max_length=150, blank=True)
    pihak_ketiga_nomor = models.CharField("nomor pihak ketiga", max_length=60, blank=True)
    pihak_ketiga_tanggal_ttd = models.DateField("tanggal tanda tangan pihak ketiga", null=True, blank=True)

    class Meta:
        verbose_name = "perubahan kerja sama"
        verbose_name_plural = "perubahan kerja sama"
        ordering = ["kerja_sama_id", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} ({self.get_status_display()})"


@lacak()
class Perselisihan(Jejak):
    """A dispute and where it is settled (PP 43/2014 Pasal 148, R14)."""

    kerja_sama = models.ForeignKey(KerjaSamaDesa, verbose_name="kerja sama", on_delete=models.CASCADE, related_name="perselisihan")
    uraian = models.TextField("uraian")
    tingkat = models.CharField("tingkat", max_length=24, choices=TingkatPerselisihan.choices, default=TingkatPerselisihan.MUSYAWARAH_PARA_PIHAK)
    status = models.CharField("status", max_length=20, choices=StatusPerselisihan.choices, default=StatusPerselisihan.DIAJUKAN)
    fasilitator = models.CharField("fasilitator", max_length=150, blank=True)
    hasil = models.TextField("hasil penyelesaian", blank=True)
    kerja_sama_berlanjut = models.BooleanField("kerja sama berlanjut", default=True)

    class Meta:
        verbose_name = "perselisihan"
        verbose_name_plural = "perselisihan"
        ordering = ["kerja_sama_id", "-created_at"]

    def __str__(self) -> str:
        return f"Perselisihan ({self.get_status_display()})"


@lacak()
class ProdukHukum(Jejak):
    """A legal document with its lifecycle (§C6): generated PDF, signed scan, hash, public verification code.

    Once signed its text is frozen: an amendment is a new row pointing at the old one (``mengubah``).
    """

    jenis = models.CharField("jenis", max_length=30, choices=JenisProdukHukum.choices)
    kerja_sama = models.ForeignKey(
        KerjaSamaDesa, verbose_name="kerja sama", null=True, blank=True, on_delete=models.CASCADE, related_name="produk_hukum"
    )
    kabupaten = models.ForeignKey(Kabupaten, verbose_name="kabupaten/kota", on_delete=models.PROTECT, related_name="+")
    desa = models.ManyToManyField(Desa, verbose_name="desa", related_name="produk_hukum")
    tentang = models.CharField("tentang", max_length=255)
    nomor = models.CharField("nomor", max_length=60, blank=True)
    tahun = models.PositiveSmallIntegerField("tahun", null=True, blank=True)
    status = models.CharField("status", max_length=24, choices=StatusProdukHukum.choices, default=StatusProdukHukum.DRAFT)
    versi = models.PositiveIntegerField("versi", default=0)
    mengubah = models.ForeignKey("self", verbose_name="mengubah", null=True, blank=True, on_delete=models.PROTECT, related_name="diubah_oleh")
    ukuran_kertas = models.CharField("ukuran kertas", max_length=2, choices=UkuranKertas.choices, default=UkuranKertas.A4)
    file_pdf = models.FileField("PDF", upload_to="produk_hukum/%Y/", blank=True)
    sha256 = models.CharField("SHA-256 PDF", max_length=64, blank=True)
    dibuat_pada = models.DateTimeField("PDF dibuat", null=True, blank=True)
    file_ttd = models.FileField("pindaian bertanda tangan", upload_to="produk_hukum/ttd/%Y/", blank=True)
    sha256_ttd = models.CharField("SHA-256 pindaian", max_length=64, blank=True)
    kode_verifikasi = models.CharField("kode verifikasi", max_length=12, unique=True, editable=False)
    tanggal_ditetapkan = models.DateField("tanggal ditetapkan", null=True, blank=True)
    sedang_dibuat = models.BooleanField("sedang dibuat", default=False)
    galat_pembuatan = models.TextField("galat pembuatan", blank=True)

    class Meta:
        verbose_name = "produk hukum"
        verbose_name_plural = "produk hukum"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} tentang {self.tentang}"

    def save(self, *args, **kwargs):
        if not self.kode_verifikasi:
            self.kode_verifikasi = kode_acak(PANJANG_KODE_VERIFIKASI)
        super().save(*args, **kwargs)

    @property
    def terkunci(self) -> bool:
        """Signed or later: the text can no longer change."""
        return self.status not in (StatusProdukHukum.DRAFT, StatusProdukHukum.RANCANGAN_DISEPAKATI)


@lacak()
class PenandatanganDokumen(PengesahanDesa, Jejak):
    """A desa party of an amending Peraturan/Perjanjian Bersama (``ProdukHukum.mengubah`` set): its kepala
    desa's signature and number in the desa's yearly series, its Berita Desa, its dissemination.

    The third party of a Perjanjian Bersama signs an amendment too: that is recorded on this document's
    ``PerubahanKerjaSama`` row (``pihak_ketiga_*``), as for the first Perjanjian on the agreement."""

    produk_hukum = models.ForeignKey(ProdukHukum, verbose_name="produk hukum", on_delete=models.CASCADE, related_name="penandatangan")
    desa = models.ForeignKey(Desa, verbose_name="desa", on_delete=models.PROTECT, related_name="+")
    urutan = models.PositiveSmallIntegerField("urutan", default=0)

    class Meta:
        verbose_name = "penanda tangan dokumen"
        verbose_name_plural = "penanda tangan dokumen"
        ordering = ["produk_hukum_id", "urutan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["produk_hukum", "desa"], name="penandatangan_desa_unik"),
            models.UniqueConstraint(
                fields=["desa", "seri_nomor", "tahun_peraturan", "nomor_peraturan"],
                condition=models.Q(nomor_peraturan__isnull=False),
                name="penandatangan_nomor_unik",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.desa.nama}: {self.produk_hukum}"


@lacak()
class Dokumen(Jejak):
    """Evidence attached to any object (berita acara, daftar hadir, foto …) with its SHA-256."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    objek = GenericForeignKey("content_type", "object_id")
    kabupaten = models.ForeignKey(Kabupaten, verbose_name="kabupaten/kota", on_delete=models.PROTECT, related_name="+")
    desa = models.ManyToManyField(Desa, verbose_name="desa", related_name="+", blank=True)
    jenis = models.CharField("jenis", max_length=14, choices=JenisDokumen.choices)
    judul = models.CharField("judul", max_length=200)
    file = models.FileField("berkas", upload_to="dokumen/%Y/%m/")
    nama_asli = models.CharField("nama berkas asli", max_length=255)
    ukuran = models.PositiveIntegerField("ukuran (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)
    nomor = models.CharField("nomor", max_length=60, blank=True)
    tanggal = models.DateField("tanggal", null=True, blank=True)
    visibilitas = models.CharField("visibilitas", max_length=8, choices=Visibilitas.choices, default=Visibilitas.INTERNAL)

    class Meta:
        verbose_name = "dokumen"
        verbose_name_plural = "dokumen"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="dokumen_objek")]

    def __str__(self) -> str:
        return self.judul

    @property
    def format_berkas(self) -> str:
        """The kind shown beside its link ("PDF", "JPG" …), from the original name; "" when it has none.

        Only a label: the upload check (inti.berkas) accepted the bytes, and the download's Content-Type
        is read from them (inti.unduhan), whatever the name says."""
        _, titik, ext = self.nama_asli.rpartition(".")
        return ext.upper() if titik and 0 < len(ext) <= 5 and ext.isalnum() else ""


@lacak()
class LangkahKerjaSama(models.Model):
    """One step of an agreement's timeline: who did what, from which state to which, with what evidence.

    Written by the transition services only; the page shows it as the agreement's timeline.
    """

    kerja_sama = models.ForeignKey(KerjaSamaDesa, on_delete=models.CASCADE, related_name="langkah")
    aksi = models.CharField("aksi", max_length=40)
    dari_status = models.CharField("dari", max_length=24, blank=True)
    ke_status = models.CharField("ke", max_length=24, blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    desa = models.ForeignKey(Desa, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    catatan = models.TextField("catatan", blank=True)
    bukti = models.JSONField("bukti", default=list, blank=True)
    waktu = models.DateTimeField("waktu", auto_now_add=True)

    class Meta:
        verbose_name = "langkah kerja sama"
        verbose_name_plural = "langkah kerja sama"
        ordering = ["kerja_sama_id", "waktu", "id"]

    def __str__(self) -> str:
        return f"{self.aksi}: {self.dari_status} → {self.ke_status}"


@lacak()
class Notifikasi(models.Model):
    """An in-app message telling a person that they act next (also sent by e-mail)."""

    penerima = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi")
    kerja_sama = models.ForeignKey(KerjaSamaDesa, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    judul = models.CharField("judul", max_length=200)
    pesan = models.TextField("pesan", blank=True)
    tautan = models.CharField("tautan", max_length=300, blank=True)
    dibaca = models.BooleanField("dibaca", default=False)
    created_at = models.DateTimeField("waktu", auto_now_add=True)

    class Meta:
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["penerima", "dibaca"], name="notifikasi_penerima")]

    def __str__(self) -> str:
        return self.judul
