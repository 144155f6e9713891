"""What one user may do now on one agreement — the one answer read by the pages (the buttons of
``views.aksi_tersedia``) and the API (the ``aksi`` list of the agreement's detail).

The rows of the transition table (``workflow.alur_untuk(ks).aksi_untuk``) for the user's actors
(``permissions.pelaku``), refined where one row covers several people: each desa signs and promulgates once,
a dispute is settled by whoever its stage names, a pending change is decided once. Then the steps outside
the table: a partner desa's own Musdes before its answer (R6), the musyawarah of all parties (R13), the
signed scan, a comment. An offer whose answer deadline has passed (``aturan.surat_lewat_batas``, derived from the
date, whether or not the daily job has run) takes no answer and no partner Musdes; its initiating desa may conclude
it (``tuntaskan_penawaran``). Everything is read from an agreement loaded by ``queries.kerjasama_detail`` (parties,
documents, disputes and changes prefetched), so asking costs no query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from . import aturan, queries
from . import workflow as W
from .choices import (
    JenisKerjaSama,
    JenisPerubahan,
    JenisProdukHukum,
    PeranPeserta,
    StatusKerjaSama,
    StatusPenawaran,
    StatusPerselisihan,
    StatusPerubahan,
    StatusProdukHukum,
)
from .permissions import pelaku

S = StatusKerjaSama
# A dispute still running: being settled by the parties, facilitated, or (§C2 only) before a court.
PERSELISIHAN_BERJALAN = (
    StatusPerselisihan.DIAJUKAN, StatusPerselisihan.FASILITASI_CAMAT, StatusPerselisihan.FASILITASI_BUPATI,
    StatusPerselisihan.PROSES_HUKUM,
)
PENYELESAI_TAHAP = {
    StatusPerselisihan.DIAJUKAN: {W.KADES_PESERTA},
    StatusPerselisihan.FASILITASI_CAMAT: {W.CAMAT},
    StatusPerselisihan.FASILITASI_BUPATI: {W.PMD_KABUPATEN},
    # §C2: the court's ruling is recorded by the kepala desa or the Dinas PMD (aturan.PENCATAT_PENYELESAIAN)
    StatusPerselisihan.PROSES_HUKUM: {W.KADES_PESERTA, W.PMD_KABUPATEN},
}
# The decision a pending change asks for (besides refusing it, ``tolak_perubahan``), by its kind.
PUTUSAN_PERUBAHAN = {
    JenisPerubahan.PERUBAHAN: "setujui_perubahan",
    JenisPerubahan.PENUNDAAN: "tangguhkan",
    JenisPerubahan.PEMBATALAN: "batalkan_kerja_sama",
    JenisPerubahan.PENGAKHIRAN: "batalkan_kerja_sama",
}


@dataclass
class Konteks:
    """What the action logic needs to know about one user and one agreement (all loaded once)."""

    user: object
    ks: object
    peserta: list
    pelaku: set[str]
    peserta_saya: object | None
    produk_hukum: object | None
    perselisihan: object | None
    perubahan: object | None
    # An agreed PERUBAHAN whose amending document (§C6 "mengubah") is being signed or promulgated, that
    # document, and my desa's signatory row on it.
    perubahan_ttd: object | None = None
    dokumen_perubahan: object | None = None
    penandatangan_saya: object | None = None
    # The promulgated Peraturan Bersama my desa has yet to disseminate (PP 43/2014 Pasal 88 ayat (3)).
    sebarluas: object | None = None
    # While offering: the letters still unanswered after their deadline (BATAS_JAWAB), lapsed on today's date.
    surat_lewat: list = field(default_factory=list)

    @classmethod
    def dari(cls, user, ks) -> Konteks:
        peserta = list(ks.peserta.all())
        kode = user.wilayah_kode or ""
        saya = next((p for p in peserta if p.desa.kode == kode), None)
        dokumen = sorted(ks.produk_hukum.all(), key=lambda p: p.pk)
        ph = next((p for p in dokumen if p.jenis in queries.JENIS_PERATURAN and p.mengubah_id is None), None)
        ps = next((p for p in ks.perselisihan.all() if p.status in PERSELISIHAN_BERJALAN), None)
        pr = next((p for p in ks.perubahan.all() if p.status == StatusPerubahan.DIAJUKAN), None)
        prt = next((p for p in ks.perubahan.all() if p.status == StatusPerubahan.DISEPAKATI and p.dokumen_id), None)
        dph = next((p for p in dokumen if prt and p.pk == prt.dokumen_id), None)
        hari_ini = timezone.localdate()
        lewat = [s for s in ks.surat_penawaran.all() if not s.jawaban and aturan.surat_lewat_batas(s, hari_ini)] \
            if ks.status == S.PENAWARAN else []
        return cls(
            user=user, ks=ks, peserta=peserta, pelaku=pelaku(user, ks, peserta), peserta_saya=saya,
            produk_hukum=ph, perselisihan=ps, perubahan=pr, perubahan_ttd=prt, dokumen_perubahan=dph,
            penandatangan_saya=baris_desa(dph, saya) if dph else None,
            sebarluas=next((d for d in dokumen if perlu_disebarluaskan(d, saya)), None), surat_lewat=lewat,
        )

    @property
    def desa_saya(self):
        return self.peserta_saya.desa if self.peserta_saya else None

    @property
    def lewat_batas_saya(self) -> bool:
        """The offer to my (partner) desa lapsed unanswered: it may no longer be answered (BATAS_JAWAB)."""
        p = self.peserta_saya
        return p is not None and any(s.kepada_id == p.pk for s in self.surat_lewat)

    @property
    def lewat_batas_pihak_ketiga(self) -> bool:
        """§C2: the desa's letter to the third party lapsed unanswered; its answer is no longer recorded."""
        return any(s.kepada_pihak_ketiga_id for s in self.surat_lewat)

    @property
    def berlaku_mulai(self):
        """§C2: a signed Perjanjian Bersama whose term starts after today — its start date (it takes effect only
        then, JANGKA_WAKTU: "Mulai berlaku" is not offered before it); else None."""
        ks = self.ks
        if (ks.jenis == JenisKerjaSama.PIHAK_KETIGA and ks.status == S.DITANDATANGANI and ks.tanggal_mulai
                and not aturan.sudah_mulai(ks, timezone.localdate())):
            return ks.tanggal_mulai
        return None

    def desa_aktif(self):
        from .services import peserta_aktif

        return [p.desa for p in peserta_aktif(self.peserta)]


def baris_desa(ph, saya):
    """My desa's per-document row: the party row for the first document, the signatory row of an amendment."""
    if saya is None:
        return None
    if ph.mengubah_id is None:
        return saya
    return next((b for b in ph.penandatangan.all() if b.desa_id == saya.desa_id), None)


def perlu_disebarluaskan(ph, saya) -> bool:
    """Has my desa promulgated this Peraturan Bersama (first or amending) and not yet disseminated it?"""
    if ph.jenis != JenisProdukHukum.PERATURAN_BERSAMA_KADES:
        return False
    b = baris_desa(ph, saya)
    return bool(b and b.berita_desa_nomor and not b.tanggal_disebarluaskan)


def boleh_perubahan(aksi: str, perubahan_ttd, dokumen, baris_saya) -> bool:
    """Amendment steps only while an amendment awaits them, and once per desa."""
    if aksi == "tandatangani_perubahan":
        return baris_saya is not None and not baris_saya.sudah_tanda_tangan
    if aksi == "undangkan_perubahan":
        return (dokumen is not None and dokumen.status == StatusProdukHukum.DITANDATANGANI
                and baris_saya is not None and not baris_saya.berita_desa_nomor)
    if aksi == "tandatangani_perubahan_pihak_ketiga":
        return perubahan_ttd is not None and not perubahan_ttd.pihak_ketiga_tanggal_ttd
    return True


@dataclass(frozen=True)
class Langkah:
    """One step this user may take now: a row of the transition table, or a step outside it (named as the
    service writes it on the timeline)."""

    aksi: str
    label: str
    aturan: tuple[str, ...] = ()


# Steps outside the transition table (their names are the timeline's, LangkahKerjaSama.aksi).
MUSDES_MITRA = Langkah("musdes_mitra", "Catat Musdes desa mitra", ("R6",))
MUSYAWARAH_PARA_PIHAK = Langkah("musyawarah_para_pihak", "Catat musyawarah para pihak", ("R13",))
UNGGAH_TTD = Langkah("unggah_ttd", "Unggah pindaian bertanda tangan")
KOMENTAR = Langkah("komentar", "Kirim komentar")
TUNTASKAN_PENAWARAN = Langkah("tuntaskan_penawaran", "Tuntaskan penawaran yang lewat batas jawaban", ("BATAS_JAWAB",))


def _boleh(k: Konteks, aksi: str) -> bool:
    """The refinements of one table row that covers several people or depends on a pending record."""
    ks, pl, p = k.ks, k.pelaku, k.peserta_saya
    if aksi == "tandatangani":
        return p is not None and not p.sudah_tanda_tangan
    if aksi == "undangkan":
        return p is not None and not p.berita_desa_nomor
    if aksi == "selesaikan_perselisihan":
        return k.perselisihan is not None and bool(pl & PENYELESAI_TAHAP.get(k.perselisihan.status, set()))
    if aksi == "eskalasi_perselisihan":
        return k.perselisihan is not None and k.perselisihan.status == StatusPerselisihan.DIAJUKAN
    if aksi == "proses_hukum":
        return k.perselisihan is not None and k.perselisihan.status in (
            StatusPerselisihan.FASILITASI_CAMAT, StatusPerselisihan.FASILITASI_BUPATI)
    if aksi == "jawab_penawaran":
        return not k.lewat_batas_saya
    if aksi in ("penawaran_diterima", "penawaran_ditolak"):  # §C2: the third party's answer, recorded by the desa
        return not k.lewat_batas_pihak_ketiga
    if aksi == "tandatangani_pihak_ketiga":
        return not ks.pihak_ketiga_tanggal_ttd
    if aksi == "tolak_perubahan":
        return k.perubahan is not None
    if aksi in ("setujui_perubahan", "tangguhkan", "batalkan_kerja_sama"):
        return k.perubahan is not None and PUTUSAN_PERUBAHAN.get(k.perubahan.jenis) == aksi
    if aksi == "sebarluaskan":
        return k.sebarluas is not None
    if aksi == "berlakukan":  # §C2: not before the start of the term (JANGKA_WAKTU, aturan.periksa_sudah_mulai)
        return aturan.sudah_mulai(ks, timezone.localdate())
    return boleh_perubahan(aksi, k.perubahan_ttd, k.dokumen_perubahan, k.penandatangan_saya)


def langkah_tersedia(k: Konteks) -> list[Langkah]:
    """The steps this user may take now on this agreement, in the order the page shows them."""
    ks, pl, p = k.ks, k.pelaku, k.peserta_saya
    hasil: list[Langkah] = []
    # A partner desa's own Musdes comes before its answer (R6); its operator records it too.
    if (ks.status == S.PENAWARAN and p and p.peran == PeranPeserta.MITRA and p.penawaran_status == StatusPenawaran.DIKIRIM
            and not k.lewat_batas_saya):
        hasil.append(MUSDES_MITRA)
    # The deadline passed with letters unanswered: the initiating desa concludes the offer (BATAS_JAWAB).
    if k.surat_lewat and W.PEMDES_PEMRAKARSA in pl:
        hasil.append(TUNTASKAN_PENAWARAN)
    hasil += [Langkah(t.aksi, t.label, t.aturan) for t in W.alur_untuk(ks).aksi_untuk(ks.status, pl) if _boleh(k, t.aksi)]
    if ks.status in (S.BERLAKU, S.PERUBAHAN_DIPROSES, S.DITANGGUHKAN) and pl & {W.KADES_PESERTA, W.PMD_KABUPATEN}:
        hasil.append(MUSYAWARAH_PARA_PIHAK)
    if (k.produk_hukum and k.produk_hukum.status in (StatusProdukHukum.DITANDATANGANI, StatusProdukHukum.DIUNDANGKAN,
                                                     StatusProdukHukum.DISEBARLUASKAN)
            and pl & {W.KADES_PESERTA, W.PEMDES_PESERTA, W.PMD_KABUPATEN}):
        hasil.append(UNGGAH_TTD)
    if pl:
        hasil.append(KOMENTAR)
    return hasil
