"""The allowed transitions of kerja sama desa, as tables (DOMAIN.md §C1, §C2, §C6).

Actors (who the user is *for this agreement*, see ``permissions.pelaku``):
  PEMDES_PEMRAKARSA  operator or kepala desa of the initiating desa
  KADES_PEMRAKARSA   kepala desa of the initiating desa
  KADES_MITRA        kepala desa of a partner desa that received the offer
  PEMDES_PESERTA     operator or kepala desa of a participating desa
  KADES_PESERTA      kepala desa of a participating desa
  CAMAT              camat of a kecamatan of a participating desa
  PMD_KABUPATEN      Dinas PMD of the agreement's kabupaten/kota
One deliberate addition to §C1 and §C2: DIAJUKAN/DIVERIFIKASI, the Dinas PMD's verification of the draft
before the MAD / the signature (DESIGN.md §1: "verify or return plans").
Services pick the table with ``alur_untuk(kerja_sama)`` (by ``jenis``).
"""

from inti.errors import Aturan
from inti.workflow import Alur, Transisi

from .choices import StatusKerjaSama as S
from .choices import StatusProdukHukum as D

PEMDES_PEMRAKARSA = "PEMDES_PEMRAKARSA"
KADES_PEMRAKARSA = "KADES_PEMRAKARSA"
KADES_MITRA = "KADES_MITRA"
PEMDES_PESERTA = "PEMDES_PESERTA"
KADES_PESERTA = "KADES_PESERTA"
CAMAT = "CAMAT"
PMD_KABUPATEN = "PMD_KABUPATEN"
SISTEM = "SISTEM"

BUKAN_PELAKU_DESA = Aturan("PERAN", "Anda hanya dapat bertindak untuk desa Anda sendiri dalam kerja sama ini.")


def T(dari, aksi, ke, pelaku, label, aturan=(), sistem=False):
    dari = (dari,) if isinstance(dari, str) else tuple(dari)
    return Transisi(dari, aksi, ke, frozenset(pelaku), label, tuple(aturan), sistem)


SEBELUM_PENAWARAN = (S.DRAFT, S.PERSIAPAN, S.DISETUJUI_MUSDES, S.SIAP_DITAWARKAN)
# States in which a promulgated Peraturan Bersama exists and its dissemination can be recorded.
DAPAT_DISEBARLUASKAN = (S.BERLAKU, S.PERUBAHAN_DIPROSES, S.DITANGGUHKAN, S.DALAM_PERSELISIHAN, S.BERAKHIR)


def _pelaksanaan(pelapor):
    """Rows shared by §C1 and §C2 from BERLAKU on: reports, change by musyawarah, disputes, the end."""
    return [
        T(S.BERLAKU,              "lapor",                None,                     pelapor,                              "Kirim laporan pelaksanaan",             []),
        T(S.BERLAKU,              "ajukan_perubahan",     S.PERUBAHAN_DIPROSES,     {PEMDES_PESERTA},                     "Ajukan perubahan/penundaan/pembatalan", []),
        # An agreed PERUBAHAN drafts an amending document (§C6 "mengubah"); the agreement stays here until that
        # document is signed by every party (and, antar desa, promulgated in every Berita Desa): then BERLAKU.
        T(S.PERUBAHAN_DIPROSES,   "setujui_perubahan",    None,                     {PMD_KABUPATEN, KADES_PESERTA},       "Perubahan disepakati",                  ["R13"]),
        T(S.PERUBAHAN_DIPROSES,   "tandatangani_perubahan", None,                   {KADES_PESERTA},                      "Tanda tangani peraturan perubahan",     ["R12"]),
        T(S.PERUBAHAN_DIPROSES,   "perubahan_ditandatangani", None,                 {SISTEM},                             "Peraturan perubahan ditandatangani semua pihak", ["R12"], sistem=True),
        T(S.PERUBAHAN_DIPROSES,   "perubahan_berlaku",    S.BERLAKU,                {SISTEM},                             "Perubahan berlaku",                     ["R12"], sistem=True),
        T(S.PERUBAHAN_DIPROSES,   "tolak_perubahan",      S.BERLAKU,                {PMD_KABUPATEN, KADES_PESERTA},       "Perubahan tidak disepakati",            []),
        T(S.PERUBAHAN_DIPROSES,   "tangguhkan",           S.DITANGGUHKAN,           {PMD_KABUPATEN, KADES_PESERTA},       "Penundaan disepakati",                  ["R13"]),
        T(S.PERUBAHAN_DIPROSES,   "batalkan_kerja_sama",  S.BERAKHIR,               {PMD_KABUPATEN, KADES_PESERTA},       "Pembatalan/pengakhiran disepakati",     ["R13"]),
        T(S.DITANGGUHKAN,         "lanjutkan",            S.BERLAKU,                {PMD_KABUPATEN, KADES_PESERTA},       "Lanjutkan kerja sama",                  ["R13"]),
        T(S.BERLAKU,              "ajukan_perselisihan",  S.DALAM_PERSELISIHAN,     {PEMDES_PESERTA},                     "Ajukan perselisihan",                   []),
        T(S.DALAM_PERSELISIHAN,   "eskalasi_perselisihan", None,                    {PEMDES_PESERTA},                     "Minta fasilitasi camat/bupati",         ["R14"]),
        T(S.DALAM_PERSELISIHAN,   "selesaikan_perselisihan", None,                  {KADES_PESERTA, CAMAT, PMD_KABUPATEN}, "Catat penyelesaian perselisihan",     ["R14"]),
        T(S.DALAM_PERSELISIHAN,   "perselisihan_berlanjut", S.BERLAKU,              {SISTEM},                             "Perselisihan selesai, kerja sama lanjut", ["R14"], sistem=True),
        T(S.DALAM_PERSELISIHAN,   "perselisihan_berakhir", S.BERAKHIR,              {SISTEM},                             "Perselisihan selesai, kerja sama berakhir", ["R14"], sistem=True),
        T(S.BERLAKU,              "akhiri",               S.BERAKHIR,               {PMD_KABUPATEN, KADES_PESERTA},       "Akhiri kerja sama",                     ["R13"]),
        T(S.BERAKHIR,             "tutup",                S.SELESAI,                {PMD_KABUPATEN, PEMDES_PESERTA},      "Tutup dengan laporan akhir",            []),
    ]


# §C1 Kerja sama antar desa (Permendagri 96/2017 Pasal 13; PP 43/2014 Pasal 143–148).
ALUR_ANTAR_DESA = Alur("kerja sama antar desa", [
    # (from)                  action                  (to)                      who                                   label                                   rules
    T(S.DRAFT,                "siapkan",              S.PERSIAPAN,              {PEMDES_PEMRAKARSA},                  "Mulai persiapan",                       ["R2", "R10"]),
    T(S.PERSIAPAN,            "musdes_sepakat",       S.DISETUJUI_MUSDES,       {PEMDES_PEMRAKARSA},                  "Catat Musdes (sepakat)",                ["R6"]),
    T(S.PERSIAPAN,            "musdes_tidak_sepakat", S.BATAL,                  {PEMDES_PEMRAKARSA},                  "Catat Musdes (tidak sepakat)",          ["R6"]),
    T(S.DISETUJUI_MUSDES,     "konfirmasi_rpjmdes",   S.SIAP_DITAWARKAN,        {PEMDES_PEMRAKARSA},                  "Konfirmasi RPJM Desa dan RKP Desa",     ["R8"]),
    T(S.SIAP_DITAWARKAN,      "kirim_penawaran",      S.PENAWARAN,              {KADES_PEMRAKARSA},                   "Kirim surat penawaran",                 ["R1", "R2", "R3", "R16"]),
    T(S.PENAWARAN,            "jawab_penawaran",      None,                     {KADES_MITRA},                        "Jawab penawaran",                       ["R6", "R8"]),
    T(S.PENAWARAN,            "penawaran_diterima",   S.PENYUSUNAN_RANCANGAN,   {SISTEM},                             "Semua mitra menjawab",                  ["R1"], sistem=True),
    T(S.PENAWARAN,            "penawaran_ditolak",    S.BATAL,                  {SISTEM},                             "Semua mitra menolak",                   ["R1"], sistem=True),
    T(S.PENAWARAN,            "penawaran_kedaluwarsa", None,                    {SISTEM},                             "Tidak dijawab sampai batas waktu",      ["BATAS_JAWAB"], sistem=True),
    T(S.PENYUSUNAN_RANCANGAN, "ajukan_rancangan",     S.DIAJUKAN,               {PEMDES_PEMRAKARSA},                  "Ajukan rancangan ke kabupaten",         ["R1", "R2", "R3", "R5", "R10", "R11"]),
    T(S.DIAJUKAN,             "verifikasi",           S.DIVERIFIKASI,           {PMD_KABUPATEN},                      "Verifikasi rancangan",                  ["R1", "R3", "R5", "R6", "R8"]),
    T(S.DIAJUKAN,             "kembalikan",           S.PENYUSUNAN_RANCANGAN,   {PMD_KABUPATEN},                      "Kembalikan dengan catatan",             []),
    T(S.DIVERIFIKASI,         "mad_sepakat",          S.RANCANGAN_DISEPAKATI,   {PMD_KABUPATEN, KADES_PESERTA},       "Catat MAD (sepakat)",                   ["R5", "R7", "R11"]),
    T(S.DIVERIFIKASI,         "mad_tidak_sepakat",    S.PENYUSUNAN_RANCANGAN,   {PMD_KABUPATEN, KADES_PESERTA},       "Catat MAD (belum sepakat)",             []),
    T(S.RANCANGAN_DISEPAKATI, "tandatangani",         None,                     {KADES_PESERTA},                      "Tanda tangani Peraturan Bersama",       ["R12"]),
    T(S.RANCANGAN_DISEPAKATI, "lengkap_ditandatangani", S.DITANDATANGANI,       {SISTEM},                             "Semua kepala desa menandatangani",      ["R12"], sistem=True),
    T(S.DITANDATANGANI,       "undangkan",            None,                     {PEMDES_PESERTA},                     "Catat Berita Desa",                     ["R12"]),
    T(S.DITANDATANGANI,       "lengkap_diundangkan",  S.BERLAKU,                {SISTEM},                             "Diundangkan di semua desa",             ["R12"], sistem=True),
    *_pelaksanaan({PEMDES_PESERTA}),
    T(S.PERUBAHAN_DIPROSES,   "undangkan_perubahan",  None,                     {PEMDES_PESERTA},                     "Catat Berita Desa peraturan perubahan", ["R12"]),
    # PP 43/2014 Pasal 88 ayat (3): each desa makes a promulgated Peraturan Bersama (or its amendment) known.
    T(DAPAT_DISEBARLUASKAN,   "sebarluaskan",         None,                     {PEMDES_PESERTA},                     "Catat penyebarluasan",                  ["R12"]),
    T(SEBELUM_PENAWARAN,      "batalkan",             S.BATAL,                  {PEMDES_PEMRAKARSA},                  "Batalkan rencana",                      []),
])

# §C2 Kerja sama desa dengan pihak ketiga (UU 6/2014 Pasal 93; PP 43/2014 Pasal 143 ayat (3)–(4);
# Permendagri 96/2017 Pasal 14–15). One desa and one outside party; the instrument is a Perjanjian Bersama
# (R4), signed by the kepala desa and the third party, not promulgated in the Berita Desa. The third party
# has no account: the kepala desa records its answer and its signature, with evidence. With prakarsa
# PIHAK_KETIGA the offer comes from the third party ("kirim_penawaran" records that it was received).
# Disputes may go to court after facilitation (PP 43/2014 Pasal 148; C1.1 PROSES_HUKUM).
SEBELUM_PENAWARAN_PIHAK_KETIGA = (S.DRAFT, S.PERSIAPAN, S.DISETUJUI_MUSDES)
ALUR_PIHAK_KETIGA = Alur("kerja sama dengan pihak ketiga", [
    T(S.DRAFT,                "siapkan",              S.PERSIAPAN,              {PEMDES_PEMRAKARSA},                  "Mulai persiapan",                       ["R-pihak3", "R10"]),
    T(S.PERSIAPAN,            "musdes_sepakat",       S.DISETUJUI_MUSDES,       {PEMDES_PEMRAKARSA},                  "Catat Musdes (sepakat)",                ["R6"]),
    T(S.PERSIAPAN,            "musdes_tidak_sepakat", S.BATAL,                  {PEMDES_PEMRAKARSA},                  "Catat Musdes (tidak sepakat)",          ["R6"]),
    T(S.DISETUJUI_MUSDES,     "kirim_penawaran",      S.PENAWARAN,              {KADES_PEMRAKARSA},                   "Kirim/terima surat penawaran",          ["R-pihak3", "R16"]),
    T(S.PENAWARAN,            "penawaran_diterima",   S.PENYUSUNAN_RANCANGAN,   {KADES_PEMRAKARSA},                   "Catat penawaran diterima",              ["R6", "R-pihak3"]),
    T(S.PENAWARAN,            "penawaran_ditolak",    S.BATAL,                  {KADES_PEMRAKARSA},                   "Catat penawaran ditolak",               []),
    T(S.PENAWARAN,            "penawaran_kedaluwarsa", S.BATAL,                 {SISTEM},                             "Tidak dijawab sampai batas waktu",      ["BATAS_JAWAB"], sistem=True),
    T(S.PENYUSUNAN_RANCANGAN, "ajukan_rancangan",     S.DIAJUKAN,               {PEMDES_PEMRAKARSA},                  "Ajukan rancangan perjanjian ke kabupaten", ["R-pihak3", "R5", "R10"]),
    T(S.DIAJUKAN,             "verifikasi",           S.DIVERIFIKASI,           {PMD_KABUPATEN},                      "Verifikasi rancangan perjanjian",       ["R-pihak3", "R5", "R6"]),
    T(S.DIAJUKAN,             "kembalikan",           S.PENYUSUNAN_RANCANGAN,   {PMD_KABUPATEN},                      "Kembalikan dengan catatan",             []),
    T(S.DIVERIFIKASI,         "tandatangani",         None,                     {KADES_PEMRAKARSA},                   "Tanda tangani Perjanjian Bersama",      ["R12"]),
    T(S.DIVERIFIKASI,         "tandatangani_pihak_ketiga", None,                {KADES_PEMRAKARSA},                   "Catat tanda tangan pihak ketiga",       ["R12"]),
    T(S.DIVERIFIKASI,         "lengkap_ditandatangani", S.DITANDATANGANI,       {SISTEM},                             "Kepala desa dan pihak ketiga menandatangani", ["R12"], sistem=True),
    T(S.DITANDATANGANI,       "berlakukan",           S.BERLAKU,                {PEMDES_PEMRAKARSA, PMD_KABUPATEN},   "Mulai berlaku",                         ["JANGKA_WAKTU"]),
    *_pelaksanaan({PEMDES_PEMRAKARSA}),
    T(S.PERUBAHAN_DIPROSES,   "tandatangani_perubahan_pihak_ketiga", None,      {KADES_PEMRAKARSA},                   "Catat tanda tangan pihak ketiga pada perubahan", ["R12"]),
    T(S.DALAM_PERSELISIHAN,   "proses_hukum",         None,                     {PEMDES_PESERTA},                     "Ajukan ke proses hukum",                ["R14"]),
    T(SEBELUM_PENAWARAN_PIHAK_KETIGA, "batalkan",     S.BATAL,                  {PEMDES_PEMRAKARSA},                  "Batalkan rencana",                      []),
])


def alur_untuk(kerja_sama) -> Alur:
    """The transition table of this agreement's kind (§C1 antar desa, §C2 pihak ketiga)."""
    from .choices import JenisKerjaSama

    return ALUR_PIHAK_KETIGA if kerja_sama.jenis == JenisKerjaSama.PIHAK_KETIGA else ALUR_ANTAR_DESA


# §C6 Peraturan Bersama document lifecycle; moved by the agreement's services, never by hand.
ALUR_PRODUK_HUKUM = Alur("produk hukum", [
    T(D.DRAFT,                "sepakati",       D.RANCANGAN_DISEPAKATI, {SISTEM}, "Rancangan disepakati MAD", ["R7"], sistem=True),
    T(D.RANCANGAN_DISEPAKATI, "tandatangani",   D.DITANDATANGANI,       {SISTEM}, "Ditandatangani semua kepala desa", ["R12"], sistem=True),
    T(D.DITANDATANGANI,       "undangkan",      D.DIUNDANGKAN,          {SISTEM}, "Diundangkan di semua desa", ["R12"], sistem=True),
    T(D.DIUNDANGKAN,          "sebarluaskan",   D.DISEBARLUASKAN,       {SISTEM}, "Disebarluaskan di semua desa", ["R12"], sistem=True),
    T((D.DIUNDANGKAN, D.DISEBARLUASKAN), "cabut", D.DICABUT,            {SISTEM}, "Dicabut oleh peraturan baru", ["R13"], sistem=True),
])
