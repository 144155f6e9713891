"""Admin pages of the akun app and the audit trail, scoped like everything else.

Users: a Dinas PMD official sees (read-only) the logins of their own region; only an
administrator adds or changes them. ``User.clean()`` checks role and region level on every save
from these forms, so ``role`` and ``wilayah_kode`` sit on both the add and the change form.

Audit trail: pghistory's events admin shows every change to every tracked model, across all
regions, so it is for administrators only (it is registered through ``PGHISTORY_ADMIN_CLASS``,
because ``pghistory.admin`` registers its admin after this module is imported). Everybody else
reads the history of one object through the "Riwayat" panel of a page they may already see.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from pghistory.admin import EventsAdmin

from .mixins import LingkupModelAdmin
from .models import User
from .scoping import lingkup_nasional


@admin.register(User)
class PenggunaAdmin(LingkupModelAdmin, UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "wilayah_kode", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "^wilayah_kode")
    ordering = ("username",)
    fieldsets = (
        *UserAdmin.fieldsets[:2],
        ("Peran dan wilayah kerja", {"fields": ("role", "wilayah_kode")}),
        *UserAdmin.fieldsets[2:],
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2", "role", "wilayah_kode"),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        """A reader who may not change the user (a Dinas PMD official) does not get the password block: its
        "reset password" link leads to a page only an administrator may open (403)."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return tuple(
            (nama, {**opsi, "fields": tuple(f for f in opsi["fields"] if f != "password")}) for nama, opsi in fieldsets
        )


class RiwayatAdmin(EventsAdmin):
    """pghistory's events admin, for administrators only (events are not scoped by region)."""

    def has_module_permission(self, request) -> bool:
        return lingkup_nasional(request.user) and request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)
