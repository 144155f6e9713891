"""Part of the kerjasama URL namespace (see kerjasama/urls.py): the pages.

Agreement codes look like ``KS-7KQ2M9XA``; matching them by pattern keeps ``/kerjasama/baru/``,
``/kerjasama/masuk/``, ``/kerjasama/antrian/`` and ``/kerjasama/pihak-ketiga/baru/`` from ever being read as a code.
"""

from django.urls import path, re_path

from . import views

KODE = r"(?P<kode>KS-[0-9A-Za-z]{1,9})"

urlpatterns = [
    path("kerjasama/", views.daftar, name="daftar"),
    path("kerjasama/baru/", views.buat, name="buat"),
    path("kerjasama/baru/mitra/", views.cari_mitra, name="cari_mitra"),
    path("kerjasama/pihak-ketiga/baru/", views.pihak_ketiga_baru, name="pihak_ketiga_baru"),
    path("kerjasama/masuk/", views.kotak_masuk, name="kotak_masuk"),
    path("kerjasama/masuk/baca/", views.notifikasi_baca, name="notifikasi_baca"),
    path("kerjasama/antrian/", views.antrian, name="antrian"),
    re_path(rf"^kerjasama/{KODE}/$", views.detail, name="detail"),
    re_path(rf"^kerjasama/{KODE}/rencana/$", views.rencana, name="rencana"),
    re_path(rf"^kerjasama/{KODE}/isi/$", views.isi, name="isi"),
    re_path(rf"^kerjasama/{KODE}/tinjau/$", views.tinjau, name="tinjau"),
    re_path(rf"^kerjasama/{KODE}/bkad/$", views.bkad, name="bkad"),
    re_path(rf"^kerjasama/{KODE}/kontribusi/$", views.kontribusi, name="kontribusi"),
    re_path(rf"^kerjasama/{KODE}/langkah/(?P<nama>[a-z_]+)/$", views.aksi, name="aksi"),
]
