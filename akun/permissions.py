"""Write permissions as django-rules predicates, built on the same scope as reads.

Object-level checks go through ``user.has_perm("desa.change_desaprofil", obj)``; with no object
the predicate answers whether the user may do this to *some* object (used by the admin).
"""

from __future__ import annotations

import rules

from .models import Peran
from .scoping import dalam_lingkup, lingkup_nasional


@rules.predicate
def is_admin(user) -> bool:
    return lingkup_nasional(user)


def berperan(*peran: str):
    """Predicate: the user holds one of these roles (and is active)."""

    @rules.predicate(name=f"berperan({','.join(peran)})")
    def _cek(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role in peran)

    return _cek


@rules.predicate
def objek_dalam_lingkup(user, obj) -> bool:
    """With no object, True (the role decides); with one, the object must be in the user's scope."""
    if obj is None:
        return True
    return dalam_lingkup(user, obj)


@rules.predicate
def masuk(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.role or user.is_superuser))


is_pemerintah_desa = berperan(Peran.OPERATOR_DESA, Peran.KEPALA_DESA)
is_camat = berperan(Peran.CAMAT)
is_pmd_kabupaten = berperan(Peran.PMD_KABUPATEN)
is_pmd_provinsi = berperan(Peran.PMD_PROVINSI)

# Admin: an administrator keeps users and reference data.
rules.add_perm("akun.view_user", is_admin | (is_pmd_kabupaten & objek_dalam_lingkup) | (is_pmd_provinsi & objek_dalam_lingkup))
rules.add_perm("akun.add_user", is_admin)
rules.add_perm("akun.change_user", is_admin)
rules.add_perm("akun.delete_user", is_admin)
