"""``python manage.py muat_demo``: load the demo regions, Klapasawit's profile and one login per role."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from desa.demo import KATA_SANDI_DEMO, muat_demo


class Command(BaseCommand):
    help = (
        "Memuat data demo: Jawa Tengah (Banyumas, Purbalingga — Desa Klapasawit 33.03.06.2015) dan "
        "Kalimantan Selatan (Tanah Laut, Kotabaru, Balangan), serta satu pengguna per peran. "
        "Aman dijalankan berulang kali."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--setel-ulang-sandi",
            action="store_true",
            help=f"kembalikan kata sandi semua pengguna demo ke {KATA_SANDI_DEMO!r}",
        )
        parser.add_argument("--diam", action="store_true", help="jangan cetak ringkasan dan daftar login")

    def handle(self, *args, setel_ulang_sandi: bool, diam: bool, **options):
        if settings.PRODUCTION:
            raise CommandError("Data demo tidak dimuat di produksi (DJANGO_ENV=production): kata sandinya diketahui umum.")
        ringkasan, logins = muat_demo(setel_ulang_sandi=setel_ulang_sandi)
        if diam:
            return
        self.stdout.write("Data demo " + ("dimuat." if ringkasan.ada_perubahan else "sudah lengkap, tidak ada yang berubah."))
        for baris in ringkasan.baris():
            self.stdout.write(f"  {baris}")
        for baris in ringkasan.peringatan:
            self.stderr.write(f"  Peringatan: {baris}")
        self.stdout.write("")
        self.stdout.write(f"Login demo (kata sandi semua: {KATA_SANDI_DEMO}):")
        lebar = max(len(u) for u, _, _ in logins)
        for username, peran, wilayah in logins:
            self.stdout.write(f"  {username.ljust(lebar)}  {peran} — {wilayah}")
