"""Tell the people who act next: an in-app inbox row per person and an e-mail (Celery task).

``SIAPA_BERIKUTNYA`` maps each step of the workflow to the actors who must act after it; the
recipients are resolved to active users by role and region code.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from akun.models import Peran

from .choices import PeranPeserta, StatusPenawaran, StatusPerselisihan

# step → (actors to tell, title). Actors: pemdes_* = operator and kepala desa; kades_* = kepala desa only;
# *_aktif = every desa still bound (the initiator and the partners that accepted).
SIAPA_BERIKUTNYA: dict[str, tuple[tuple[str, ...], str]] = {
    "konfirmasi_rpjmdes": (("kades_pemrakarsa",), "Rencana kerja sama siap ditawarkan, kirim surat penawaran: {judul}"),
    "kirim_penawaran": (("pemdes_mitra_ditawari",), "Penawaran kerja sama dari Desa {pemrakarsa}"),
    "jawab_penawaran": (("pemdes_pemrakarsa",), "Jawaban penawaran: {judul}"),
    "penawaran_diterima": (("pemdes_aktif",), "Penyusunan rancangan Peraturan Bersama dimulai: {judul}"),
    "penawaran_ditolak": (("pemdes_pemrakarsa",), "Semua desa mitra menolak penawaran: {judul}"),
    "ajukan_rancangan": (("pmd_kabupaten", "camat"), "Rancangan kerja sama menunggu verifikasi: {judul}"),
    "verifikasi": (("pemdes_aktif",), "Rancangan diverifikasi, silakan adakan MAD: {judul}"),
    "kembalikan": (("pemdes_pemrakarsa",), "Rancangan dikembalikan untuk diperbaiki: {judul}"),
    "mad_sepakat": (("kades_aktif",), "Peraturan Bersama siap ditandatangani: {judul}"),
    "mad_tidak_sepakat": (("pemdes_pemrakarsa",), "MAD belum menyepakati rancangan: {judul}"),
    "lengkap_ditandatangani": (("pemdes_aktif",), "Undangkan Peraturan Bersama dalam Berita Desa: {judul}"),
    "lapor": (("kades_aktif", "camat", "pmd_kabupaten"), "Laporan pelaksanaan kerja sama: {judul}"),
    "ajukan_perubahan": (("kades_aktif", "pmd_kabupaten"), "Perubahan kerja sama diajukan: {judul}"),
    "setujui_perubahan": (("kades_aktif",), "Perubahan disepakati, tanda tangani peraturan perubahannya: {judul}"),
    "perubahan_ditandatangani": (("pemdes_aktif",), "Undangkan peraturan perubahan dalam Berita Desa: {judul}"),
    "perubahan_berlaku": (("pemdes_aktif", "pmd_kabupaten"), "Perubahan kerja sama berlaku: {judul}"),
    "lengkap_diundangkan": (("pemdes_aktif", "pmd_kabupaten"), "Kerja sama berlaku, catat penyebarluasannya: {judul}"),
    "tolak_perubahan": (("pemdes_aktif",), "Perubahan kerja sama tidak disepakati: {judul}"),
    "tangguhkan": (("pemdes_aktif", "pmd_kabupaten"), "Kerja sama ditangguhkan: {judul}"),
    "lanjutkan": (("pemdes_aktif", "pmd_kabupaten"), "Kerja sama dilanjutkan: {judul}"),
    "batalkan_kerja_sama": (("pemdes_aktif", "pmd_kabupaten"), "Kerja sama berakhir, kirim laporan akhir: {judul}"),
    "akhiri": (("pemdes_aktif", "pmd_kabupaten"), "Kerja sama berakhir, kirim laporan akhir: {judul}"),
    "ajukan_perselisihan": (("kades_aktif",), "Perselisihan diajukan, selesaikan dengan musyawarah: {judul}"),
    "eskalasi_perselisihan": (("fasilitator_perselisihan",), "Perselisihan kerja sama perlu difasilitasi: {judul}"),
    "selesaikan_perselisihan": (("pemdes_aktif", "pmd_kabupaten"), "Perselisihan diselesaikan: {judul}"),
    "komentar": (("pemdes_pemrakarsa",), "Komentar baru pada kerja sama: {judul}"),
}

# §C2 (pihak ketiga): the third party has no account; the desa and the kabupaten are told.
SIAPA_BERIKUTNYA_PIHAK_KETIGA: dict[str, tuple[tuple[str, ...], str]] = {
    **{k: v for k, v in SIAPA_BERIKUTNYA.items() if k not in ("kirim_penawaran", "jawab_penawaran", "mad_sepakat")},
    "penawaran_diterima": (("pemdes_pemrakarsa",), "Penawaran diterima, susun rancangan Perjanjian Bersama: {judul}"),
    "penawaran_ditolak": (("pemdes_pemrakarsa",), "Penawaran kerja sama ditolak: {judul}"),
    # §C1 tells the initiator through the system move that follows each lapse (penawaran_diterima/_ditolak).
    "penawaran_kedaluwarsa": (("pemdes_pemrakarsa",), "Penawaran tidak dijawab sampai batas waktu: {judul}"),
    "verifikasi": (("kades_aktif",), "Perjanjian Bersama siap ditandatangani: {judul}"),
    "setujui_perubahan": (("kades_aktif",), "Perubahan disepakati, tanda tangani perubahan perjanjiannya: {judul}"),
    "lengkap_ditandatangani": (("pemdes_pemrakarsa", "pmd_kabupaten"), "Perjanjian Bersama ditandatangani: {judul}"),
    "berlakukan": (("pemdes_pemrakarsa", "pmd_kabupaten", "camat"), "Kerja sama dengan pihak ketiga berlaku: {judul}"),
    "proses_hukum": (("pmd_kabupaten", "camat"), "Perselisihan dengan pihak ketiga diajukan ke proses hukum: {judul}"),
}


def tabel_untuk(ks) -> dict[str, tuple[tuple[str, ...], str]]:
    from .choices import JenisKerjaSama

    return SIAPA_BERIKUTNYA_PIHAK_KETIGA if ks.jenis == JenisKerjaSama.PIHAK_KETIGA else SIAPA_BERIKUTNYA


def _pengguna(kode_desa: list[str] | None = None, peran: tuple[str, ...] = (), kode_wilayah: list[str] | None = None):
    User = get_user_model()
    q = Q(is_active=True, role__in=peran)
    if kode_desa is not None:
        q &= Q(wilayah_kode__in=kode_desa)
    if kode_wilayah is not None:
        q &= Q(wilayah_kode__in=kode_wilayah)
    return list(User.objects.filter(q))


def penerima(ks, aksi: str) -> list:
    """The users who act next after ``aksi`` on ``ks``."""
    aktor, _ = tabel_untuk(ks).get(aksi, ((), ""))
    peserta = list(ks.peserta.select_related("desa"))
    pemdes = (Peran.OPERATOR_DESA, Peran.KEPALA_DESA)
    aktif = [
        p.desa.kode for p in peserta
        if p.peran == PeranPeserta.PEMRAKARSA or p.penawaran_status == StatusPenawaran.DITERIMA
    ]
    hasil: list = []
    for a in aktor:
        if a == "pemdes_mitra_ditawari":
            kode = [p.desa.kode for p in peserta if p.penawaran_status == StatusPenawaran.DIKIRIM]
            hasil += _pengguna(kode, pemdes)
        elif a == "pemdes_pemrakarsa":
            hasil += _pengguna([ks.desa_pemrakarsa.kode], pemdes)
        elif a == "kades_pemrakarsa":
            hasil += _pengguna([ks.desa_pemrakarsa.kode], (Peran.KEPALA_DESA,))
        elif a == "pemdes_aktif":
            hasil += _pengguna(aktif, pemdes)
        elif a == "kades_aktif":
            hasil += _pengguna(aktif, (Peran.KEPALA_DESA,))
        elif a == "pmd_kabupaten":
            hasil += _pengguna(None, (Peran.PMD_KABUPATEN,), [ks.kabupaten.kode])
        elif a == "camat":
            hasil += _pengguna(None, (Peran.CAMAT,), sorted({k[:8] for k in aktif}))
        elif a == "fasilitator_perselisihan":
            ps = ks.perselisihan.order_by("-created_at").first()
            if ps and ps.status == StatusPerselisihan.FASILITASI_CAMAT:
                hasil += _pengguna(None, (Peran.CAMAT,), sorted({k[:8] for k in aktif}))
            elif ps and ps.status == StatusPerselisihan.FASILITASI_BUPATI:
                hasil += _pengguna(None, (Peran.PMD_KABUPATEN,), [ks.kabupaten.kode])
    unik = {}
    for u in hasil:
        unik[u.pk] = u
    return list(unik.values())


def langkah_selesai(kerja_sama_id: int, aksi: str) -> list:
    """Create inbox rows for the next actors and queue their e-mail (called after commit)."""
    from .models import KerjaSamaDesa, Notifikasi
    from .tasks import kirim_email_notifikasi

    ks = KerjaSamaDesa.objects.select_related("desa_pemrakarsa", "kabupaten").get(pk=kerja_sama_id)
    tabel = tabel_untuk(ks)
    if aksi not in tabel:
        return []
    langkah = ks.langkah.filter(aksi=aksi).select_related("oleh").order_by("-waktu", "-id").first()
    pelaku_id = langkah.oleh_id if langkah else None
    _, judul = tabel[aksi]
    judul = judul.format(judul=ks.judul, pemrakarsa=ks.desa_pemrakarsa.nama)
    tautan = reverse("kerjasama:detail", kwargs={"kode": ks.kode}) if _ada_url() else ""
    pesan = (langkah.catatan if langkah and langkah.catatan else "") or f"Status sekarang: {ks.get_status_display()}."
    baris = [
        Notifikasi(penerima=u, kerja_sama=ks, judul=judul[:200], pesan=pesan, tautan=tautan)
        for u in penerima(ks, aksi)
        if u.pk != pelaku_id
    ]
    Notifikasi.objects.bulk_create(baris)
    if baris:
        kirim_email_notifikasi.delay([n.pk for n in baris])
    return baris


def _ada_url() -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse("kerjasama:detail", kwargs={"kode": "KS-X"})
        return True
    except NoReverseMatch:
        return False
