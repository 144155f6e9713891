"""The person who signs or promulgates a Peraturan/Perjanjian Bersama for a desa: the name printed under the
office in the signature block (DOMAIN.md §D1 item 13–14: ``KEPALA DESA <A>,`` above, ``<NAMA>`` below, after
the form of Lampiran Permendagri 111/2014).

``periksa_nama`` refuses an office title written as a name ("Kepala Desa Klapasawit", "Kades …", "Sekretaris
Desa …"): printed as is it would read ``KEPALA DESA KLAPASAWIT,`` above ``KEPALA DESA KLAPASAWIT``.
``nama_kepala_desa_awal`` proposes the name a signing form starts with: a person's name the records hold,
never a role.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from akun.scoping import scope

# An office (optionally acting: Pj./Plt./Penjabat) at the start of what should be a person's name.
_JABATAN = re.compile(
    r"^\s*(?:(?:pj|plt|plh|penjabat|pelaksana\s+tugas)\.?\s+)?"
    r"(?:kepala\s+desa|kades|sekretaris\s+desa|sekdes|carik|kuwu|lurah)\b",
    re.IGNORECASE,
)


def nama_jabatan(nama: str) -> bool:
    """Is ``nama`` an office title ("Kepala Desa Klapasawit", "Kades", "Pj. Sekretaris Desa …") rather than a
    person's name?"""
    return bool(_JABATAN.match(nama or ""))


def periksa_nama(nama: str, *, jabatan: str, field: str) -> None:
    """A signer's name must be a person's name: not empty and not the office (§D1: office above, name below)."""
    if not (nama or "").strip():
        raise ValidationError({field: f"Tuliskan nama {jabatan} penanda tangan (tanpa gelar)."})
    if nama_jabatan(nama):
        raise ValidationError({field: (
            f"Tuliskan nama orang yang menjabat {jabatan}, bukan jabatannya: blok tanda tangan mencetak jabatan "
            f"di atas dan nama di bawahnya (Lampiran Permendagri 111/2014). “{nama.strip()}” adalah jabatan."
        )})


def nama_kepala_desa_awal(user, desa, *, sebelumnya: str = "") -> str:
    """The name a signing form starts with for ``desa``: ``sebelumnya`` (my desa's signer of the document being
    amended), else the latest signer recorded for this desa on any agreement the user may see, else the user's
    own full name when a kepala desa's — each only when it is a person's name, never an office title."""
    from .models import KerjaSamaPeserta, PenandatanganDokumen

    calon = [sebelumnya]
    if desa is not None:
        terakhir = []
        for model in (KerjaSamaPeserta, PenandatanganDokumen):
            baris = (scope(user, model).filter(desa=desa, tanggal_tanda_tangan__isnull=False).exclude(kepala_desa_nama="")
                     .order_by("-tanggal_tanda_tangan", "-id").values_list("tanggal_tanda_tangan", "kepala_desa_nama")[:5])
            terakhir += [b for b in baris if not nama_jabatan(b[1])]
        calon += [n for _, n in sorted(terakhir, key=lambda b: b[0], reverse=True)]
    if getattr(user, "role", "") == "kepala_desa":
        calon.append(user.get_full_name())
    return next((n.strip() for n in calon if n and n.strip() and not nama_jabatan(n)), "")
