"""Forms of the akun app."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm


class FormMasuk(AuthenticationForm):
    """Django's login form with its refusal worded for Indonesian readers. Django's own message formats the
    username field's name into "Masukkan nama pengguna %(username)s dan sandi …", which in Indonesian reads
    "nama pengguna nama pengguna"; this one names both fields once and says nothing about which was wrong."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Nama pengguna atau sandi salah. Periksa kembali; huruf besar dan kecil dibedakan.",
        "inactive": "Akun ini tidak aktif. Hubungi Dinas PMD atau administrator.",
    }
