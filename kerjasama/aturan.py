"""Rules of law for kerja sama desa (DOMAIN.md §E1), one function each, raising AturanDilanggar.

Each rule is an ``Aturan`` constant whose message names its article; services and tests import
the constants, so grep ``R5`` finds the rule, its checks, its message and its tests.
"""

from __future__ import annotations

from collections.abc import Iterable

from desa.choices import JenisDesa
from inti.errors import Aturan, AturanDilanggar
from inti.format import tanggal as _tanggal

from .choices import Bidang, HasilMusyawarah, JenisKerjaSama, JenisMusyawarah, StatusPenawaran

R1 = Aturan("R1", "Kerja sama antar desa melibatkan paling sedikit 2 (dua) desa (UU 6/2014 Pasal 70 ayat (1); PP 43/2014 Pasal 88 ayat (2)).")
R2 = Aturan("R2", "Peserta kerja sama antar desa harus desa atau desa adat, bukan kelurahan (UU 6/2014 Pasal 91–92).")
R3 = Aturan("R3", "Semua desa peserta harus berada dalam satu kabupaten/kota (Permendagri 96/2017 Pasal 3).")
R4 = Aturan("R4", "Kerja sama antar desa ditetapkan dengan Peraturan Bersama Kepala Desa; kerja sama dengan pihak ketiga dengan Perjanjian Bersama (UU 6/2014 Pasal 92 ayat (2); PP 43/2014 Pasal 143 ayat (2)–(3)).")
R5 = Aturan("R5", "Rancangan kerja sama wajib memuat ruang lingkup, bidang, tata cara dan ketentuan pelaksanaan, jangka waktu, hak dan kewajiban, pendanaan, tata cara perubahan/penundaan/pembatalan, dan penyelesaian perselisihan (PP 43/2014 Pasal 143 ayat (4); Permendagri 96/2017 Pasal 6).")
R6 = Aturan("R6", "Setiap desa peserta harus menyepakati kerja sama dalam Musyawarah Desa yang diselenggarakan BPD (UU 6/2014 Pasal 54 ayat (2) huruf c; Permendagri 96/2017 Pasal 13 ayat (2)).")
R7 = Aturan("R7", "Peraturan Bersama ditandatangani setelah disepakati dalam Musyawarah Antar Desa yang dihadiri semua desa peserta (UU 6/2014 Pasal 92 ayat (2)).")
R8 = Aturan("R8", "Bidang/potensi yang dikerjasamakan harus tercantum dalam RPJM Desa dan RKP Desa setiap desa peserta, atau diubah melalui Musrenbang Desa khusus (Permendagri 96/2017 Pasal 13 ayat (2) huruf e).")
R9 = Aturan("R9", "Kontribusi desa harus memperhatikan kebutuhan desa dan kemampuan APB Desa, dengan tahun anggarannya (Permendagri 96/2017 Pasal 7).", sifat="WARN")
R10 = Aturan("R10", "Bidang kerja sama antar desa: pengembangan usaha bersama; kemasyarakatan, pelayanan, pembangunan dan pemberdayaan; keamanan dan ketertiban (UU 6/2014 Pasal 92 ayat (1)).")
R11 = Aturan("R11", "Kerja sama antar desa dilaksanakan oleh Badan Kerja Sama Antar-Desa yang dibentuk dengan Peraturan Bersama, beranggotakan unsur pemerintah desa, BPD, lembaga kemasyarakatan, lembaga desa lain, dan tokoh masyarakat dengan memperhatikan keadilan gender (UU 6/2014 Pasal 92 ayat (3); PP 43/2014 Pasal 144).")
R11_WAKIL = Aturan("R11", "Setiap desa peserta sebaiknya diwakili dalam BKAD (PP 43/2014 Pasal 144 ayat (1)).", sifat="WARN")
R11_GENDER = Aturan("R11", "Susunan BKAD mempertimbangkan keadilan gender; belum ada anggota perempuan (PP 43/2014 Pasal 144 ayat (1) huruf e).", sifat="WARN")
# A BKAD carries out cooperation among desa only; a desa's cooperation with a third party is set in a Perjanjian
# Bersama and carried out by the parties to it, with no BKAD.
R11_PIHAK3 = Aturan("R11", "Kerja sama dengan pihak ketiga ditetapkan dalam Perjanjian Bersama dan dilaksanakan para pihaknya, "
                    "tanpa BKAD; Badan Kerja Sama Antar-Desa hanya dibentuk untuk kerja sama antar desa (UU 6/2014 "
                    "Pasal 92 ayat (3); PP 43/2014 Pasal 143 ayat (3)).")
R12 = Aturan("R12", "Peraturan Bersama berlaku setelah ditandatangani semua kepala desa peserta dan diundangkan dalam Berita Desa masing-masing desa (PP 43/2014 Pasal 88 ayat (2)–(3)).")
R13 = Aturan("R13", "Perubahan, penundaan, pembatalan, atau pengakhiran kerja sama harus disepakati dalam musyawarah yang melibatkan semua pihak, dengan alasan menurut PP 43/2014 Pasal 147 (PP 43/2014 Pasal 145–147).")
R14 = Aturan("R14", "Perselisihan diselesaikan secara musyawarah; bila tidak selesai, difasilitasi camat untuk desa dalam satu kecamatan atau bupati/wali kota untuk desa lintas kecamatan, dan hasilnya final (PP 43/2014 Pasal 148).")
R16 = Aturan("R16", "Surat penawaran kerja sama memuat paling sedikit bidang/potensi, ruang lingkup, tata cara dan ketentuan pelaksanaan, jangka waktu, serta hak dan kewajiban (Permendagri 96/2017 Pasal 13 ayat (3)).")
R12_PIHAK3 = Aturan("R12", "Perjanjian Bersama berlaku setelah ditandatangani kepala desa dan pihak ketiga (PP 43/2014 Pasal 143 ayat (3)).")
R14_PROSES_HUKUM = Aturan("R14", "Hanya perselisihan dengan pihak ketiga yang tidak selesai melalui musyawarah dan fasilitasi yang dapat diajukan ke proses hukum (PP 43/2014 Pasal 148).")
JANGKA_WAKTU = Aturan("JANGKA_WAKTU", "Kerja sama berlaku sejak tanggal mulai jangka waktunya (PP 43/2014 Pasal 143 ayat (4) huruf d).")
R_PIHAK3 = Aturan("R-pihak3", "Kerja sama dengan pihak ketiga melibatkan tepat satu desa dan satu pihak ketiga (swasta, organisasi kemasyarakatan, atau lembaga lain) (UU 6/2014 Pasal 93; Permendagri 96/2017 Pasal 5).")
# A third party is not a desa, so R3 (Permendagri 96/2017 Pasal 3, "desa peserta") does not speak of it; the
# cooperation of a desa with a third party is facilitated by the camat for the bupati/wali kota of that desa
# (PP 43/2014 Pasal 143 ayat (5)), so the third party is taken from that kabupaten's register.
R_PIHAK3_KABUPATEN = Aturan("R-pihak3", "Pihak ketiga dipilih dari daftar pihak ketiga yang terdaftar di kabupaten/kota desa, yang melalui camat memfasilitasi kerja sama desa dengan pihak ketiga (UU 6/2014 Pasal 93; PP 43/2014 Pasal 143 ayat (5)).")
# DOMAIN.md §C1 "PENAWARAN --(all targets DITOLAK / timeout)--> BATAL": the letter states its answer deadline.
BATAS_JAWAB = Aturan("BATAS_JAWAB", "Surat penawaran (Permendagri 96/2017 Pasal 13 ayat (3)) dijawab paling lambat pada batas waktu yang tercantum di dalamnya; penawaran yang tidak dijawab sampai batas itu dianggap ditolak.")

# The order of the dates of a Peraturan/Perjanjian Bersama (first document or amendment): agreed, then signed
# by every party, then promulgated in each Berita Desa, then disseminated — none of it on a day still to come.
R12_TANGGAL = Aturan("R12", "Peraturan Bersama ditandatangani setelah disepakati, diundangkan setelah ditandatangani, dan "
                     "disebarluaskan setelah diundangkan, pada tanggal yang sudah terjadi (PP 43/2014 Pasal 88 ayat (2)–(3)).")
R12_PIHAK3_TANGGAL = Aturan("R12", "Perjanjian Bersama ditandatangani kepala desa dan pihak ketiga setelah disepakati, pada "
                            "tanggal yang sudah terjadi (PP 43/2014 Pasal 143 ayat (3)).")
# Each desa's Berita Desa (D1 item 15): one number names one document of the year.
R12_BERITA_DESA = Aturan("R12", "Setiap peraturan diundangkan dalam Berita Desa dengan nomornya sendiri; satu nomor Berita "
                         "Desa pada satu tahun hanya untuk satu peraturan (PP 43/2014 Pasal 88 ayat (3)).")
# The decision on a change/suspension/resumption/ending rests on a musyawarah held for it (PP 43/2014 Ps 145–146).
R13_MUSYAWARAH_BARU = Aturan("R13", "Perubahan, penundaan, kelanjutan, atau pengakhiran kerja sama diputuskan berdasarkan "
                             "musyawarah semua pihak yang diadakan untuk itu: sesudah perubahan diajukan atau keadaan yang "
                             "diakhiri dimulai, dan belum menjadi dasar keputusan lain (PP 43/2014 Pasal 145–146).")
R13_ISI_PERUBAHAN = Aturan("R13", "Perubahan kerja sama menyebut paling sedikit satu ketentuan yang diubah beserta rumusan "
                           "barunya, untuk dituangkan dalam Peraturan/Perjanjian Bersama perubahan (PP 43/2014 Pasal 145).")
R14_BERITA_ACARA = Aturan("R14", "Penyelesaian perselisihan oleh camat atau bupati/wali kota bersifat final dan dituangkan dalam "
                          "berita acara yang ditandatangani para pihak dan pejabat yang memfasilitasi (PP 43/2014 Pasal 148).")

# Refusals that are about the workflow, not a rule of law (kode ALUR / PERAN), kept here so tests import them.
SUDAH_DIJAWAB = Aturan("ALUR", "Penawaran untuk desa ini sudah dijawab.")
SUDAH_TTD = Aturan("ALUR", "Kepala desa ini sudah menandatangani.")
SUDAH_DIUNDANGKAN = Aturan("ALUR", "Peraturan Bersama sudah diundangkan dalam Berita Desa desa ini.")
PERUBAHAN_DIPUTUSKAN = Aturan("ALUR", "Perubahan ini sudah diputuskan.")
PERUBAHAN_BUKAN_TAHAP = Aturan("ALUR", "Perubahan ini tidak sedang menunggu tanda tangan atau pengundangan peraturan perubahannya.")
SUDAH_DISEBARLUASKAN = Aturan("ALUR", "Penyebarluasan peraturan ini di desa ini sudah dicatat.")
R12_SEBARLUAS = Aturan("R12", "Peraturan Bersama yang telah diundangkan disebarluaskan kepada masyarakat desa masing-masing (PP 43/2014 Pasal 88 ayat (3)).", sifat="WARN")
PERSELISIHAN_BUKAN_TAHAP = Aturan("ALUR", "Perselisihan ini sudah difasilitasi atau selesai.")
MUSDES_MITRA_WAKTU = Aturan("ALUR", "Musdes desa mitra dicatat saat penawaran berlangsung.")
ISI_TERKUNCI = Aturan("ALUR", "Isi kerja sama hanya dapat diubah saat perencanaan atau penyusunan rancangan.")
MITRA_TERKUNCI = Aturan("ALUR", "Desa mitra tidak dapat diubah setelah penawaran dikirim.")
BKAD_WAKTU = Aturan("ALUR", "BKAD disusun saat penyusunan rancangan oleh desa pemrakarsa atau Dinas PMD.")
NOMOR_TERPAKAI = Aturan("C6", "Nomor ini sudah dipakai dokumen lain desa ini pada tahun yang sama; setiap desa memberi "
                        "nomor Peraturan Bersama dan Perjanjian Bersama dalam serinya sendiri per tahun. Ulangi penandatanganan.")
TTD_BELUM = Aturan("C6", "Pindaian bertanda tangan diunggah setelah semua pihak menandatangani.")
DOKUMEN_TERKUNCI = Aturan("C6", "Dokumen sudah ditandatangani; teksnya tidak dapat diubah lagi. Buat perubahan sebagai dokumen baru.")
BUKAN_PENYUSUN = Aturan("PERAN", "Hanya pemerintah desa pemrakarsa yang menyusun isi kerja sama.")
BUKAN_PIHAK = Aturan("PERAN", "Anda tidak terlibat dalam kerja sama ini.")
BUKAN_PENGUNGGAH_TTD = Aturan("PERAN", "Hanya desa peserta atau Dinas PMD yang mengunggah pindaian.")
BUKAN_PEMBUAT_ULANG = Aturan("PERAN", "PDF dibuat ulang oleh pemerintah desa pihak dokumen ini atau Dinas PMD kabupaten.")
PDF_BELUM_GAGAL = Aturan("ALUR", "PDF dokumen ini tidak gagal dibuat; tidak ada yang perlu diulang.")
PDF_SEDANG_DIBUAT = Aturan("ALUR", "PDF dokumen ini sedang dibuat; ulangi bila belum selesai setelah beberapa menit.")

BUKAN_PESERTA_MUSYAWARAH = Aturan(
    "PERAN", "Musyawarah semua pihak dicatat oleh kepala desa peserta atau Dinas PMD, saat ada perubahan, penundaan, "
    "kelanjutan, atau pengakhiran yang harus disepakati (PP 43/2014 Pasal 145–146)."
)

# The eight mandatory items of PP 43/2014 Pasal 143 ayat (4), in the order of the law and of D1.
ISI_WAJIB: list[tuple[str, str]] = [
    ("ruang_lingkup", "ruang lingkup"),
    ("bidang", "bidang kerja sama"),
    ("tata_cara_pelaksanaan", "tata cara dan ketentuan pelaksanaan"),
    ("jangka_waktu", "jangka waktu"),
    ("hak_kewajiban", "hak dan kewajiban"),
    ("pendanaan_uraian", "pendanaan"),
    ("tata_cara_perubahan", "tata cara perubahan, penundaan, dan pembatalan"),
    ("penyelesaian_perselisihan", "penyelesaian perselisihan"),
]
ISI_PENAWARAN = ISI_WAJIB[:5]  # R16: the first five items, as far as the source lists them

# Default texts helpful to a village head, one set per kind of agreement (kerjasama_buat, the wizard's
# step 2). Between desa the document is a Peraturan Bersama Kepala Desa and a dispute goes to the camat or the
# bupati/wali kota; with a third party it is a Perjanjian Bersama of the desa and that party, changed by a
# written amendment signed by both, and a dispute the facilitation cannot settle goes to the courts (DOMAIN.md
# §C1.1, §C2, §D3; PP 43/2014 Pasal 145–148).
PENYELESAIAN_PERSELISIHAN_BAKU = (
    "Perselisihan yang timbul dalam pelaksanaan kerja sama diselesaikan secara musyawarah dan mufakat "
    "oleh para pihak. Apabila tidak tercapai mufakat, perselisihan antar desa dalam satu kecamatan "
    "difasilitasi dan diselesaikan oleh camat, sedangkan perselisihan antar desa pada kecamatan yang berbeda "
    "dalam satu kabupaten difasilitasi dan diselesaikan oleh bupati. Penyelesaian perselisihan bersifat final "
    "dan ditetapkan dalam berita acara yang ditandatangani para pihak dan pejabat yang memfasilitasi "
    "(PP 43/2014 Pasal 148)."
)
TATA_CARA_PERUBAHAN_BAKU = (
    "Perubahan, penundaan, atau pembatalan kerja sama dilakukan atas kesepakatan para pihak melalui "
    "musyawarah yang melibatkan semua desa peserta dan dituangkan dalam Peraturan Bersama Kepala Desa "
    "tentang perubahan. Kerja sama berakhir karena alasan sebagaimana dimaksud dalam PP 43/2014 Pasal 147."
)
PENYELESAIAN_PERSELISIHAN_PIHAK3_BAKU = (
    "Perselisihan yang timbul dalam pelaksanaan Perjanjian Bersama ini diselesaikan secara musyawarah dan "
    "mufakat oleh Pemerintah Desa dan pihak ketiga. Apabila tidak tercapai mufakat setelah musyawarah dan "
    "fasilitasi oleh pejabat yang berwenang, perselisihan diselesaikan melalui proses hukum sesuai ketentuan "
    "peraturan perundang-undangan (PP 43/2014 Pasal 148)."
)
TATA_CARA_PERUBAHAN_PIHAK3_BAKU = (
    "Perubahan, penundaan, atau pembatalan kerja sama dilakukan atas kesepakatan Pemerintah Desa dan pihak "
    "ketiga melalui musyawarah para pihak dan dituangkan secara tertulis dalam perubahan (adendum) Perjanjian "
    "Bersama yang ditandatangani kepala desa dan pihak ketiga (PP 43/2014 Pasal 145 dan Pasal 146). Kerja sama "
    "berakhir karena alasan sebagaimana dimaksud dalam PP 43/2014 Pasal 147."
)
ISI_BAKU: dict[str, dict[str, str]] = {
    JenisKerjaSama.ANTAR_DESA: {
        "tata_cara_perubahan": TATA_CARA_PERUBAHAN_BAKU,
        "penyelesaian_perselisihan": PENYELESAIAN_PERSELISIHAN_BAKU,
    },
    JenisKerjaSama.PIHAK_KETIGA: {
        "tata_cara_perubahan": TATA_CARA_PERUBAHAN_PIHAK3_BAKU,
        "penyelesaian_perselisihan": PENYELESAIAN_PERSELISIHAN_PIHAK3_BAKU,
    },
}


def _baku_sama(a: str, b: str) -> bool:
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def isi_baku(jenis: str) -> dict[str, str]:
    """The items that start with a default text for an agreement of kind ``jenis``, and those texts."""
    return dict(ISI_BAKU[jenis])


def teks_baku_lain(jenis: str, field: str, teks) -> bool:
    """Whether ``teks`` is the untouched default of ``field`` for another kind of agreement (a draft made
    before the defaults depended on the kind): it is then to be replaced, as if empty, by this kind's."""
    if not isinstance(teks, str) or not teks.strip():
        return False
    return any(j != jenis and field in isi and _baku_sama(teks, isi[field]) for j, isi in ISI_BAKU.items())


def _isi_ada(ks, field: str) -> bool:
    if field == "jangka_waktu":
        return bool(ks.tanggal_mulai and ks.tanggal_selesai)
    value = getattr(ks, field)
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def isi_kurang(ks, daftar=ISI_WAJIB) -> list[str]:
    """Names of the mandatory items still empty."""
    return [label for field, label in daftar if not _isi_ada(ks, field)]


def periksa_isi_wajib(ks) -> None:
    """R5: all eight items filled."""
    kurang = isi_kurang(ks)
    if kurang:
        raise AturanDilanggar(R5, "Belum diisi: " + ", ".join(kurang) + ".", field="isi")


def periksa_isi_penawaran(ks) -> None:
    """R16: the offer carries the first five items."""
    kurang = isi_kurang(ks, ISI_PENAWARAN)
    if kurang:
        raise AturanDilanggar(R16, "Belum diisi: " + ", ".join(kurang) + ".", field="isi")


def periksa_bidang(ks) -> None:
    """R10: at least one bidang, each from UU 6/2014 Pasal 92 ayat (1)."""
    if ks.jenis != JenisKerjaSama.ANTAR_DESA:
        if not ks.bidang:
            raise AturanDilanggar(R10, "Pilih paling sedikit satu bidang.", field="bidang")
        return
    sah = set(Bidang.values)
    if not ks.bidang:
        raise AturanDilanggar(R10, "Pilih paling sedikit satu bidang.", field="bidang")
    salah = [b for b in ks.bidang if b not in sah]
    if salah:
        raise AturanDilanggar(R10, "Bidang tidak dikenal: " + ", ".join(salah) + ".", field="bidang")


def periksa_jumlah_desa(desa: Iterable) -> None:
    """R1: two desa or more."""
    if len(list(desa)) < 2:
        raise AturanDilanggar(R1, "Tambahkan paling sedikit satu desa mitra yang menerima penawaran.", field="peserta")


def periksa_bukan_kelurahan(desa: Iterable) -> None:
    """R2: never a kelurahan."""
    kelurahan = [d for d in desa if d.jenis == JenisDesa.KELURAHAN]
    if kelurahan:
        raise AturanDilanggar(R2, "Kelurahan: " + ", ".join(f"{d.nama} ({d.kode})" for d in kelurahan) + ".", field="peserta")


def periksa_satu_kabupaten(desa: Iterable, kode_kabupaten: str) -> None:
    """R3: every desa's code starts with the agreement's kabupaten code."""
    luar = [d for d in desa if d.kode[:5] != kode_kabupaten]
    if luar:
        raise AturanDilanggar(
            R3,
            "Di luar kabupaten/kota " + kode_kabupaten + ": " + ", ".join(f"{d.nama} ({d.kode})" for d in luar)
            + ". Kerja sama lintas kabupaten mengikuti ketentuan kerja sama daerah.",
            field="peserta",
        )


def periksa_musdes(peserta_list) -> None:
    """R6: each listed desa has a Musdes with hasil SEPAKAT attached."""
    belum = [
        p.desa.nama
        for p in peserta_list
        if p.musdes is None or p.musdes.hasil != HasilMusyawarah.SEPAKAT
    ]
    if belum:
        raise AturanDilanggar(R6, "Belum ada Musdes yang menyepakati dari desa: " + ", ".join(belum) + ".", field="musdes")


def periksa_rpjmdes(peserta_list) -> None:
    """R8: each listed desa confirmed the bidang is in its RPJM Desa and RKP Desa."""
    belum = [p.desa.nama for p in peserta_list if not p.tercantum_rpjmdes]
    if belum:
        raise AturanDilanggar(R8, "Belum dikonfirmasi untuk desa: " + ", ".join(belum) + ".", field="tercantum_rpjmdes")


def periksa_mad(musyawarah, desa_peserta: Iterable, hadir: Iterable | None = None) -> None:
    """R7: a MAD with hasil SEPAKAT attended by every participating desa.

    ``hadir`` (the desa recorded present) may be given before the MAD row is saved, so a refused MAD
    leaves nothing behind; otherwise the MAD's own desa are read.
    """
    if musyawarah is None or musyawarah.jenis != JenisMusyawarah.MAD:
        raise AturanDilanggar(R7, "Catat Musyawarah Antar Desa terlebih dahulu.", field="musyawarah")
    if musyawarah.hasil != HasilMusyawarah.SEPAKAT:
        raise AturanDilanggar(R7, "Musyawarah Antar Desa belum menyepakati rancangan.", field="hasil")
    hadir_pk = {d.pk for d in (musyawarah.desa.all() if hadir is None else hadir)}
    absen = [d.nama for d in desa_peserta if d.pk not in hadir_pk]
    if absen:
        raise AturanDilanggar(R7, "Desa peserta yang tidak tercatat hadir: " + ", ".join(absen) + ".", field="desa")


def periksa_bkad(ks) -> None:
    """R11 (BLOCK part): an antar-desa agreement has its BKAD with members before the draft is agreed."""
    if ks.jenis != JenisKerjaSama.ANTAR_DESA:
        return
    bkad = getattr(ks, "bkad", None)
    if bkad is None or not bkad.anggota.exists():
        raise AturanDilanggar(R11, "Susun BKAD beserta anggotanya.", field="bkad")


def punya_bkad(ks) -> bool:
    """R11: a BKAD belongs to an antar-desa agreement only; a third-party agreement has none."""
    return ks.jenis == JenisKerjaSama.ANTAR_DESA


def periksa_bkad_antar_desa(ks) -> None:
    """R11: a BKAD belongs to an antar-desa agreement only; a third-party agreement has none."""
    if not punya_bkad(ks):
        raise AturanDilanggar(R11_PIHAK3, field="bkad")


def peringatan_bkad(ks, desa_peserta) -> list[AturanDilanggar]:
    """R11 (WARN part): every desa represented, at least one woman."""
    bkad = getattr(ks, "bkad", None)
    if bkad is None:
        return []
    anggota = list(bkad.anggota.all())
    hasil = []
    terwakili = {a.asal_desa_id for a in anggota}
    tanpa = [d.nama for d in desa_peserta if d.pk not in terwakili]
    if tanpa:
        hasil.append(AturanDilanggar(R11_WAKIL, "Belum terwakili: " + ", ".join(tanpa) + "."))
    if anggota and not any(a.jenis_kelamin == "P" for a in anggota):
        hasil.append(AturanDilanggar(R11_GENDER))
    return hasil


def peringatan_kontribusi(ks) -> list[AturanDilanggar]:
    """R9 (WARN): desa contributions from APB Desa or Dana Desa name their budget year."""
    kurang = [
        k for k in ks.kontribusi.all()
        if k.sumber in ("APB_DESA", "DANA_DESA", "ADD") and not k.tahun_anggaran
    ]
    return [AturanDilanggar(R9)] if kurang else []


def periksa_semua_tanda_tangan(peserta_list) -> None:
    """R12: every participating kepala desa signed."""
    belum = [p.desa.nama for p in peserta_list if not p.sudah_tanda_tangan]
    if belum:
        raise AturanDilanggar(R12, "Belum ditandatangani kepala desa: " + ", ".join(belum) + ".", field="tanda_tangan")


def periksa_semua_diundangkan(peserta_list) -> None:
    """R12: every desa entered its Berita Desa number."""
    belum = [p.desa.nama for p in peserta_list if not p.berita_desa_nomor]
    if belum:
        raise AturanDilanggar(R12, "Belum diundangkan dalam Berita Desa: " + ", ".join(belum) + ".", field="berita_desa")


def periksa_semua_diundangkan_sebelum_sebarluas(baris, nama_desa: str) -> None:
    """R12: a desa disseminates what it has promulgated in its Berita Desa, not before."""
    if not baris.berita_desa_nomor:
        raise AturanDilanggar(R12, f"Peraturan ini belum diundangkan dalam Berita Desa {nama_desa}.", field="berita_desa")


def peringatan_penyebarluasan(baris_list) -> list[AturanDilanggar]:
    """R12 (WARN part): until every desa has evidenced the dissemination to its community (PP 43/2014 Pasal 88
    ayat (3)); only once the document is promulgated everywhere."""
    if not baris_list or not all(b.berita_desa_nomor for b in baris_list):
        return []
    belum = [b.desa.nama for b in baris_list if not b.tanggal_disebarluaskan]
    return [AturanDilanggar(R12_SEBARLUAS, "Belum dicatat: " + ", ".join(belum) + ".")] if belum else []


def periksa_musyawarah_semua_pihak(musyawarah, desa_peserta, *, alasan: str | None = None, perlu_alasan: bool = False) -> None:
    """R13: a musyawarah of all bound parties agreed; an ending names a reason of Pasal 147."""
    from .choices import AlasanBerakhir

    if musyawarah is None:
        raise AturanDilanggar(R13, "Lampirkan musyawarah yang menyepakati perubahan.", field="musyawarah")
    if musyawarah.hasil != HasilMusyawarah.SEPAKAT:
        raise AturanDilanggar(R13, "Musyawarah belum menyepakati.", field="hasil")
    hadir = {d.pk for d in musyawarah.desa.all()}
    absen = [d.nama for d in desa_peserta if d.pk not in hadir]
    if absen:
        raise AturanDilanggar(R13, "Pihak yang tidak ikut musyawarah: " + ", ".join(absen) + ".", field="desa")
    if perlu_alasan and alasan not in AlasanBerakhir.values:
        raise AturanDilanggar(R13, "Pilih alasan berakhirnya kerja sama menurut Pasal 147 huruf a–i.", field="alasan")


def periksa_pengakhiran(ks, *, alasan: str, musyawarah, desa_peserta, hari_ini) -> None:
    """R13 for ending a running agreement: a reason of PP 43/2014 Pasal 147; the end of the term (huruf i)
    needs no musyawarah once the end date has passed, every other reason needs the musyawarah of all parties."""
    from .choices import AlasanBerakhir

    if alasan == AlasanBerakhir.MASA_BERAKHIR:
        if ks.tanggal_selesai and ks.tanggal_selesai <= hari_ini:
            return
        if musyawarah is None:
            raise AturanDilanggar(
                R13, f"Jangka waktu baru berakhir {_tanggal(ks.tanggal_selesai)}." if ks.tanggal_selesai
                else "Jangka waktu belum ditetapkan.", field="alasan",
            )
    periksa_musyawarah_semua_pihak(musyawarah, desa_peserta, alasan=alasan, perlu_alasan=True)


def sudah_mulai(ks, hari_ini) -> bool:
    """§C2: the term of a Perjanjian Bersama has begun (it takes effect on its start date)."""
    return ks.tanggal_mulai is not None and ks.tanggal_mulai <= hari_ini


def periksa_sudah_mulai(ks, hari_ini) -> None:
    """§C2: a Perjanjian Bersama takes effect on its start date."""
    if not sudah_mulai(ks, hari_ini):
        tanggal = _tanggal(ks.tanggal_mulai, "belum ditetapkan")
        raise AturanDilanggar(JANGKA_WAKTU, f"Tanggal mulai: {tanggal}.", field="tanggal_mulai")


def periksa_ttd_pihak_ketiga(desa_sudah: bool, pihak_ketiga_sudah: bool, nama_pihak_ketiga: str = "pihak ketiga") -> None:
    """R12 for a Perjanjian Bersama: both the kepala desa and the third party signed."""
    belum = [n for n, sudah in (("kepala desa", desa_sudah), (nama_pihak_ketiga, pihak_ketiga_sudah)) if not sudah]
    if belum:
        raise AturanDilanggar(R12_PIHAK3, "Belum ditandatangani: " + ", ".join(belum) + ".", field="tanda_tangan")


# Who records a settlement at each stage of a dispute (R14, PP 43/2014 Pasal 148).
PENCATAT_PENYELESAIAN = {
    "DIAJUKAN": ({"KADES_PESERTA"}, "kepala desa para pihak"),
    "FASILITASI_CAMAT": ({"CAMAT"}, "camat"),
    "FASILITASI_BUPATI": ({"PMD_KABUPATEN"}, "Dinas PMD atas nama bupati/wali kota"),
    "PROSES_HUKUM": ({"KADES_PESERTA", "PMD_KABUPATEN"}, "kepala desa atau Dinas PMD (mencatat putusan pengadilan)"),
}


def periksa_pencatat_penyelesaian(status_perselisihan: str, pelaku_set: set[str]) -> None:
    """R14: the settlement is recorded at the level the dispute was routed to (camat for one kecamatan,
    bupati/wali kota for several)."""
    berwenang, siapa = PENCATAT_PENYELESAIAN.get(status_perselisihan, (set(), "—"))
    if not berwenang & pelaku_set:
        raise AturanDilanggar(R14, f"Penyelesaian pada tahap ini dicatat oleh {siapa}.", field="tingkat")


def periksa_proses_hukum(ks, status_perselisihan: str) -> None:
    """R14: only a dispute with a third party, unresolved after musyawarah and facilitation, goes to court."""
    from .choices import StatusPerselisihan

    if ks.jenis != JenisKerjaSama.PIHAK_KETIGA or status_perselisihan not in (
        StatusPerselisihan.FASILITASI_CAMAT, StatusPerselisihan.FASILITASI_BUPATI,
    ):
        raise AturanDilanggar(R14_PROSES_HUKUM, field="tingkat")


def tingkat_fasilitasi(desa_peserta) -> str:
    """R14: camat when all desa lie in one kecamatan, otherwise bupati/wali kota."""
    from .choices import TingkatPerselisihan

    kecamatan = {d.kode[:8] for d in desa_peserta}
    return TingkatPerselisihan.CAMAT if len(kecamatan) <= 1 else TingkatPerselisihan.BUPATI_WALIKOTA


def periksa_pihak_ketiga(ks, desa_peserta) -> None:
    """R-pihak3 and R4: one desa and one third party, with a Perjanjian Bersama."""
    if ks.jenis != JenisKerjaSama.PIHAK_KETIGA:
        return
    if ks.pihak_ketiga_id is None or len(list(desa_peserta)) != 1:
        raise AturanDilanggar(R_PIHAK3, field="pihak_ketiga")


def periksa_pihak_ketiga_awal(jenis: str, pihak_ketiga, mitra) -> None:
    """R-pihak3 at drafting: a third-party agreement has its third party and no partner desa; an
    antar-desa one has none."""
    if jenis == JenisKerjaSama.PIHAK_KETIGA and (pihak_ketiga is None or list(mitra)):
        raise AturanDilanggar(R_PIHAK3, field="pihak_ketiga")
    if jenis == JenisKerjaSama.ANTAR_DESA and pihak_ketiga is not None:
        raise AturanDilanggar(R_PIHAK3, "Kerja sama antar desa tidak memiliki pihak ketiga.", field="pihak_ketiga")


def periksa_pihak_ketiga_kabupaten(pihak_ketiga, kabupaten) -> None:
    """R-pihak3: the third party is registered in the kabupaten/kota of the agreement's desa."""
    if pihak_ketiga is not None and pihak_ketiga.kabupaten_id != kabupaten.pk:
        raise AturanDilanggar(
            R_PIHAK3_KABUPATEN, f"{pihak_ketiga.nama} terdaftar di {pihak_ketiga.kabupaten.nama}, bukan di {kabupaten.nama}.",
            field="pihak_ketiga",
        )


def surat_lewat_batas(s, pada) -> bool:
    """BATAS_JAWAB, the one definition of a lapsed offer letter: as of the date ``pada``, either its lapse was
    already recorded (refused by timeout — ``services.penawaran_kedaluwarsakan`` or the initiator's
    ``penawaran_tuntaskan``: an answer recorded by nobody) or it is still unanswered and its deadline is before
    ``pada``. The pages and the API ask it for today (what may be answered now, ``tindakan``); the answer
    services for the answer's own date (an answer letter dated by the deadline counts until the lapse is
    recorded)."""
    if s.batas_jawab is None:
        return False
    if s.jawaban:
        return s.dijawab_oleh_id is None
    return s.batas_jawab < pada


def periksa_belum_kedaluwarsa(surat_list) -> None:
    """BATAS_JAWAB: a letter whose lapse was recorded takes no answer any more."""
    for s in surat_list:
        if s.jawaban and surat_lewat_batas(s, s.batas_jawab):
            raise AturanDilanggar(BATAS_JAWAB, f"Penawaran ini sudah dinyatakan ditolak karena tidak dijawab sampai "
                                  f"{_tanggal(s.batas_jawab)}.", field="jawaban")


def periksa_jawaban_tepat_waktu(surat_list, tanggal_jawab) -> None:
    """BATAS_JAWAB: an answer is dated on or before the deadline of its (still open) letter."""
    for s in surat_list:
        if not s.jawaban and surat_lewat_batas(s, tanggal_jawab):
            raise AturanDilanggar(BATAS_JAWAB, f"Batas waktu jawaban {_tanggal(s.batas_jawab)} telah lewat; tanggal "
                                  f"jawaban {_tanggal(tanggal_jawab)}.", field="tanggal")


def penawaran_terjawab(peserta_list) -> tuple[int, int, int]:
    """(accepted, refused, pending) among the partners."""
    diterima = sum(1 for p in peserta_list if p.penawaran_status == StatusPenawaran.DITERIMA)
    ditolak = sum(1 for p in peserta_list if p.penawaran_status == StatusPenawaran.DITOLAK)
    return diterima, ditolak, len(peserta_list) - diterima - ditolak


def periksa_urutan_tanggal(tanggal, apa: str, *, sesudah=(), hari_ini, aturan: Aturan = R12_TANGGAL,
                           field: str = "tanggal") -> None:
    """R12: the date of a step of a Peraturan/Perjanjian Bersama (``apa``: "penandatanganan", "pengundangan",
    "penyebarluasan") is not a day still to come and not before the steps it follows (``sesudah``: pairs of
    (date or None, what happened that day)). Agreed ≤ signed ≤ promulgated ≤ disseminated."""
    if tanggal > hari_ini:
        raise AturanDilanggar(aturan, f"Tanggal {apa} {_tanggal(tanggal)} belum terjadi (hari ini {_tanggal(hari_ini)}).",
                              field=field)
    for awal, keterangan in sesudah:
        if awal is not None and tanggal < awal:
            raise AturanDilanggar(aturan, f"Tanggal {apa} {_tanggal(tanggal)} lebih awal daripada {keterangan} "
                                  f"{_tanggal(awal)}.", field=field)


def _nomor_baku(nomor) -> str:
    """A Berita Desa number as compared: "07" and "7" are one number; other writings by their letters."""
    teks = str(nomor or "").strip().upper()
    return str(int(teks)) if teks.isdigit() else teks


def periksa_berita_desa_unik(nomor, tahun: int, nama_desa: str, terpakai) -> None:
    """R12: a desa's Berita Desa number of a year names one document only — across the first Peraturan
    Bersama of every agreement and every amending document of that desa. ``terpakai``: (number, the document
    holding it) of the desa's promulgations in that year."""
    baku = _nomor_baku(nomor)
    for lain, dokumen in terpakai:
        if _nomor_baku(lain) == baku:
            raise AturanDilanggar(R12_BERITA_DESA, f"Berita Desa {nama_desa} Tahun {tahun} Nomor {str(nomor).strip()} "
                                  f"sudah dipakai untuk {dokumen}.", field="berita_desa_nomor")


def periksa_musyawarah_keputusan(musyawarah, *, kerja_sama_id: int, sejak, sejak_apa: str, terpakai) -> None:
    """R13: the musyawarah a change, suspension, resumption or ending is decided on belongs to this agreement,
    was held on or after ``sejak`` (the day the change was proposed, or the state being ended began:
    ``sejak_apa`` says which) and is not the basis of an earlier decision (``terpakai``: ids of musyawarah
    already used as evidence of a step of the agreement)."""
    if musyawarah is None:
        return  # periksa_musyawarah_semua_pihak asks for one
    if musyawarah.kerja_sama_id not in (None, kerja_sama_id):
        raise AturanDilanggar(R13_MUSYAWARAH_BARU, "Musyawarah ini milik kerja sama lain.", field="musyawarah")
    if musyawarah.pk in set(terpakai):
        raise AturanDilanggar(R13_MUSYAWARAH_BARU, f"Musyawarah {_tanggal(musyawarah.tanggal)} sudah menjadi dasar "
                              "keputusan lain; catat musyawarah baru.", field="musyawarah")
    if sejak is not None and musyawarah.tanggal < sejak:
        raise AturanDilanggar(R13_MUSYAWARAH_BARU, f"Musyawarah {_tanggal(musyawarah.tanggal)} diadakan sebelum "
                              f"{sejak_apa} ({_tanggal(sejak)}).", field="musyawarah")


def musyawarah_layak(musyawarah, *, kerja_sama_id: int, sejak, terpakai) -> bool:
    """Whether a musyawarah may be offered as the basis of a decision (the same test, without the message)."""
    try:
        periksa_musyawarah_keputusan(musyawarah, kerja_sama_id=kerja_sama_id, sejak=sejak, sejak_apa="", terpakai=terpakai)
    except AturanDilanggar:
        return False
    return True


def periksa_isi_perubahan(jenis: str, isi_baru) -> None:
    """R13: a PERUBAHAN names at least one changed content item with its new wording (what Pasal I of the
    amending document states); a suspension, cancellation or ending changes no wording."""
    from .choices import JenisPerubahan

    if jenis == JenisPerubahan.PERUBAHAN and not isi_baru:
        raise AturanDilanggar(R13_ISI_PERUBAHAN, "Isi rumusan baru paling sedikit satu ketentuan yang berbeda dari "
                              "rumusan yang berlaku.", field="isi_baru")


def periksa_berita_acara_penyelesaian(status_perselisihan: str, ada_berita_acara: bool) -> None:
    """R14: the settlement facilitated by the camat or the bupati/wali kota is final only through its berita
    acara signed by the parties and the facilitating official: it is uploaded with the settlement."""
    from .choices import StatusPerselisihan

    if status_perselisihan in (StatusPerselisihan.FASILITASI_CAMAT, StatusPerselisihan.FASILITASI_BUPATI) \
            and not ada_berita_acara:
        raise AturanDilanggar(R14_BERITA_ACARA, "Unggah berita acara penyelesaian yang ditandatangani para pihak dan "
                              "pejabat yang memfasilitasi.", field="berita_acara")
