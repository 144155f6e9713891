"""Pages of the akun app: the home page (login, logout and password change are Django's own views)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .beranda import kumpulkan_panel
from .models import NAMA_TINGKAT


@login_required
def beranda(request):
    """Home page: the panels every app contributes for this user's role and region."""
    user = request.user
    return render(
        request,
        "akun/beranda.html",
        {
            "panels": kumpulkan_panel(request),
            "tingkat_nama": NAMA_TINGKAT.get(user.tingkat or 0, ""),
        },
    )
