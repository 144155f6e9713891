"""Who may write what in the desa app (reads are decided by akun.scoping.scope alone)."""

import rules

from akun.permissions import (
    is_admin,
    is_pemerintah_desa,
    is_pmd_kabupaten,
    masuk,
    objek_dalam_lingkup,
)

# Regions are reference data from the Kemendagri list: only an administrator changes them.
for _model in ("provinsi", "kabupaten", "kecamatan", "desa", "komoditas", "jenisfasilitas"):
    rules.add_perm(f"desa.view_{_model}", masuk & objek_dalam_lingkup)
    rules.add_perm(f"desa.add_{_model}", is_admin)
    rules.add_perm(f"desa.change_{_model}", is_admin)
    rules.add_perm(f"desa.delete_{_model}", is_admin)

# The profile of a desa and what hangs on it: the desa's own operator and kepala desa, the Dinas PMD
# of its kabupaten, and an administrator. Camat and province read only.
bisa_ubah_profil = is_admin | ((is_pemerintah_desa | is_pmd_kabupaten) & objek_dalam_lingkup)
for _model in ("desaprofil", "dusun", "desakomoditas", "desafasilitas", "indeksdesaskor"):
    rules.add_perm(f"desa.view_{_model}", masuk & objek_dalam_lingkup)
    rules.add_perm(f"desa.add_{_model}", bisa_ubah_profil)
    rules.add_perm(f"desa.change_{_model}", bisa_ubah_profil)
    rules.add_perm(f"desa.delete_{_model}", bisa_ubah_profil)
