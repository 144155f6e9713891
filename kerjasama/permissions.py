"""Who a user is *for one agreement* (the actors of workflow.py), built on the same scope as reads."""

from __future__ import annotations

import rules

from akun.models import Peran
from akun.permissions import is_admin, masuk, objek_dalam_lingkup
from akun.scoping import kode_dalam_wilayah

from . import workflow as W
from .choices import PeranPeserta, StatusPenawaran


def pelaku(user, kerja_sama, peserta_list=None) -> set[str]:
    """The actor labels ``user`` holds for ``kerja_sama`` (empty when none).

    ``peserta_list`` may be passed when already loaded (avoids a query). A partner desa counts as a
    participant once the offer was sent to it, and stops counting if it refused.
    """
    if not (user and user.is_authenticated and user.is_active and user.role):
        return set()
    if peserta_list is None:
        peserta_list = list(kerja_sama.peserta.select_related("desa"))
    kode = user.wilayah_kode
    hasil: set[str] = set()
    if user.role in (Peran.OPERATOR_DESA, Peran.KEPALA_DESA):
        kades = user.role == Peran.KEPALA_DESA
        for p in peserta_list:
            if p.desa.kode != kode:
                continue
            if p.peran == PeranPeserta.PEMRAKARSA:
                hasil |= {W.PEMDES_PEMRAKARSA, W.PEMDES_PESERTA}
                if kades:
                    hasil |= {W.KADES_PEMRAKARSA, W.KADES_PESERTA}
            elif p.penawaran_status in (StatusPenawaran.DIKIRIM, StatusPenawaran.DITERIMA):
                if p.penawaran_status == StatusPenawaran.DITERIMA:
                    hasil.add(W.PEMDES_PESERTA)
                    if kades:
                        hasil.add(W.KADES_PESERTA)
                if kades and p.penawaran_status == StatusPenawaran.DIKIRIM:
                    hasil.add(W.KADES_MITRA)
    elif user.role == Peran.CAMAT:
        if any(kode_dalam_wilayah(p.desa.kode, kode) for p in peserta_list):
            hasil.add(W.CAMAT)
    elif user.role == Peran.PMD_KABUPATEN:
        if kerja_sama.kabupaten_id and kerja_sama.kabupaten.kode == kode:
            hasil.add(W.PMD_KABUPATEN)
    return hasil


@rules.predicate
def pemdes_pemrakarsa(user, kerja_sama) -> bool:
    return kerja_sama is not None and W.PEMDES_PEMRAKARSA in pelaku(user, kerja_sama)


@rules.predicate
def boleh_berkomentar(user, kerja_sama) -> bool:
    return kerja_sama is not None and bool(pelaku(user, kerja_sama))


_MODEL = (
    "kerjasamadesa", "kerjasamapeserta", "kontribusidana", "suratpenawaran", "musyawarah", "bkad",
    "bkadanggota", "laporankerjasama", "perubahankerjasama", "perselisihan", "produkhukum", "dokumen",
    "pihakketiga", "penandatangandokumen",
)
for _m in _MODEL:
    rules.add_perm(f"kerjasama.view_{_m}", masuk & objek_dalam_lingkup)
    # Writes go through the services (which check the actors of workflow.py); in the admin only an
    # administrator edits directly.
    rules.add_perm(f"kerjasama.add_{_m}", is_admin)
    rules.add_perm(f"kerjasama.change_{_m}", is_admin)
    rules.add_perm(f"kerjasama.delete_{_m}", is_admin)

rules.add_perm("kerjasama.ubah_isi", pemdes_pemrakarsa)
rules.add_perm("kerjasama.komentar", boleh_berkomentar)
