"""API v1 shapes of the account endpoints: token exchange and the current user."""

from __future__ import annotations

from rest_framework import serializers


class TokenMintaSerializer(serializers.Serializer):
    username = serializers.CharField(label="nama pengguna", max_length=150)
    password = serializers.CharField(label="kata sandi", style={"input_type": "password"}, trim_whitespace=False,
                                     write_only=True)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="Kirim sebagai header: Authorization: Token <token>")


class SayaSerializer(serializers.Serializer):
    """The signed-in user: role and region (the scope every answer of the API is cut to)."""

    username = serializers.CharField(read_only=True)
    nama = serializers.CharField(source="get_full_name", read_only=True)
    role = serializers.CharField(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    wilayah_kode = serializers.CharField(read_only=True)
    wilayah = serializers.SerializerMethodField(help_text="Label wilayah kerja; kosong untuk admin (nasional).")

    def get_wilayah(self, user) -> str:
        wilayah = user.wilayah
        if wilayah is None:
            return ""
        # A desa is shown with its kecamatan and kabupaten (R29); other levels by name and code.
        return getattr(wilayah, "label", None) or str(wilayah)
