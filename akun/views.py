from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def beranda(request):
    return render(request, "base.html")
