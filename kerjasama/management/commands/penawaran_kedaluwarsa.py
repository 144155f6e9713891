"""``python manage.py penawaran_kedaluwarsa``: refuse by timeout the offers unanswered after their deadline.

The same job Celery beat runs daily (CELERY_BEAT_SCHEDULE), for an installation driven by cron instead:
``30 0 * * * python manage.py penawaran_kedaluwarsa``. Safe to run again: it only touches offers still open.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from kerjasama.services import penawaran_kedaluwarsakan


class Command(BaseCommand):
    help = (
        "Menandai penawaran kerja sama yang tidak dijawab sampai batas waktu suratnya sebagai ditolak, lalu "
        "melanjutkan atau membatalkan kerja samanya (DOMAIN.md §C1). Aman dijalankan berulang kali."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tanggal", help="hari ini menurut perintah ini, YYYY-MM-DD (bawaan: hari ini)")

    def handle(self, *args, tanggal: str | None, **options):
        hari_ini = None
        if tanggal:
            try:
                hari_ini = dt.date.fromisoformat(tanggal)
            except ValueError:
                raise CommandError(f"--tanggal {tanggal!r}: gunakan format YYYY-MM-DD.") from None
        hasil = penawaran_kedaluwarsakan(hari_ini=hari_ini)
        for ks in hasil:
            self.stdout.write(f"{ks.kode}: {ks.get_status_display()} — {ks.judul}")
        self.stdout.write(f"{len(hasil)} kerja sama dengan penawaran kedaluwarsa.")
