"""API authentication classes (kept apart from inti.api: DRF imports these while rest_framework.views
is still loading, so this module must not import the views)."""

from __future__ import annotations

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


class TokenAutentikasi(TokenAuthentication):
    """``Authorization: Token <key>``, refusing in Indonesian (DRF's catalogue lacks these texts)."""

    PESAN = {
        "Invalid token header. No credentials provided.": "Header token tidak sah: token tidak disertakan.",
        "Invalid token header. Token string should not contain spaces.":
            "Header token tidak sah: token tidak boleh mengandung spasi.",
        "Invalid token header. Token string should not contain invalid characters.":
            "Header token tidak sah: token mengandung karakter yang tidak sah.",
        "Invalid token.": "Token tidak valid.",
        "User inactive or deleted.": "Pengguna tidak aktif atau telah dihapus.",
    }

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except AuthenticationFailed as exc:
            pesan = self.PESAN.get(str(exc.detail))
            if pesan is None:
                raise
            raise AuthenticationFailed(pesan) from None
