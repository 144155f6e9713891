"""Token authentication for the API, throttled by django-axes like the login page."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import SayaSerializer, TokenMintaSerializer, TokenSerializer

PESAN_SALAH = "Nama pengguna atau kata sandi salah."
PESAN_TERKUNCI = (
    "Terlalu banyak percobaan masuk yang gagal dari alamat ini; nama pengguna ini dikunci selama 15 menit."
)


class Terkunci(Throttled):
    default_detail = PESAN_TERKUNCI

    def __init__(self):
        super().__init__(detail=PESAN_TERKUNCI)


class TokenView(APIView):
    """POST username + password → the user's API token.

    ``authenticate(request=…)`` goes through axes' backend and its failure signal, so failed tries
    count against the username+IP pair exactly as on the login page; a locked pair answers 429.
    """

    authentication_classes = []  # credentials come in the body; no session, so no CSRF either
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Tukar nama pengguna dan kata sandi dengan token API",
        request=TokenMintaSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Data tidak lengkap"),
            401: OpenApiResponse(description=PESAN_SALAH),
            429: OpenApiResponse(description=PESAN_TERKUNCI),
        },
        auth=[],
    )
    def post(self, request):
        minta = TokenMintaSerializer(data=request.data)
        minta.is_valid(raise_exception=True)
        username = minta.validated_data["username"]
        # The DRF request: axes records its bookkeeping on it and reads the client IP through it.
        user = authenticate(request=request, username=username, password=minta.validated_data["password"])
        if user is None:
            if not AxesProxyHandler.is_allowed(request, {"username": username}):
                raise Terkunci()
            raise AuthenticationFailed(PESAN_SALAH)
        if not user.is_active:
            raise AuthenticationFailed(PESAN_SALAH)
        token, _ = Token.objects.get_or_create(user=user)
        return Response(TokenSerializer({"token": token.key}).data, status=status.HTTP_200_OK)

    def get_authenticate_header(self, request):
        return 'Token realm="api"'


class SayaView(APIView):
    """The signed-in user, for a client to know whose scope it is reading."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Pengguna yang sedang masuk", responses=SayaSerializer)
    def get(self, request):
        return Response(SayaSerializer(request.user).data)
