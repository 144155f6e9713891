"""Reference data: kinds of facilities and a starter list of commodities (admin-editable afterwards).

Idempotent: rows are matched on their natural key (JenisFasilitas.kode, Komoditas.nama) and only
written when a value differs, so running it against a database that already holds them changes
nothing. Reversing removes exactly these rows (a row still used by a desa is protected and stops
the reversal with Django's ProtectedError, which is the honest outcome).
"""

from django.db import migrations

# (kode, nama, kelompok, urutan) — kelompok values are desa.choices.KelompokFasilitas.
JENIS_FASILITAS = [
    ("kantor-desa", "Kantor desa", "PEMERINTAHAN", 10),
    ("balai-desa", "Balai desa", "PEMERINTAHAN", 20),
    ("kantor-bumdes", "Kantor BUM Desa", "EKONOMI", 30),
    ("pasar-desa", "Pasar desa", "EKONOMI", 40),
    ("pasar-tradisional", "Pasar tradisional", "EKONOMI", 50),
    ("toko-kelontong", "Toko/warung kelontong", "EKONOMI", 60),
    ("puskesmas", "Puskesmas", "KESEHATAN", 100),
    ("pustu", "Puskesmas pembantu (pustu)", "KESEHATAN", 110),
    ("poskesdes", "Poskesdes/polindes", "KESEHATAN", 120),
    ("posyandu", "Posyandu", "KESEHATAN", 130),
    ("praktik-bidan", "Praktik bidan", "KESEHATAN", 140),
    ("paud-tk", "PAUD/TK/RA", "PENDIDIKAN", 200),
    ("sd-mi", "SD/MI", "PENDIDIKAN", 210),
    ("smp-mts", "SMP/MTs", "PENDIDIKAN", 220),
    ("sma-smk-ma", "SMA/SMK/MA", "PENDIDIKAN", 230),
    ("perguruan-tinggi", "Perguruan tinggi", "PENDIDIKAN", 240),
    ("bank", "Bank/kantor cabang pembantu", "KEUANGAN", 300),
    ("koperasi", "Koperasi", "KEUANGAN", 310),
    ("agen-bank", "Agen bank/laku pandai", "KEUANGAN", 320),
    ("masjid", "Masjid/musala", "SOSIAL", 400),
    ("tempat-ibadah-lain", "Tempat ibadah lain (gereja, pura, vihara, klenteng)", "SOSIAL", 410),
    ("lapangan-olahraga", "Lapangan olahraga", "SOSIAL", 420),
    ("gedung-serbaguna", "Gedung serbaguna", "SOSIAL", 430),
    ("embung", "Embung/tandon air", "LAINNYA", 500),
    ("tpst", "Tempat pengolahan sampah (TPS3R)", "LAINNYA", 510),
]

# (nama, sektor) — sektor values are desa.choices.SektorKomoditas.
KOMODITAS = [
    ("Padi", "TANAMAN_PANGAN"),
    ("Jagung", "TANAMAN_PANGAN"),
    ("Kedelai", "TANAMAN_PANGAN"),
    ("Ubi kayu", "TANAMAN_PANGAN"),
    ("Cabai", "HORTIKULTURA"),
    ("Bawang merah", "HORTIKULTURA"),
    ("Pisang", "HORTIKULTURA"),
    ("Kelapa sawit", "PERKEBUNAN"),
    ("Karet", "PERKEBUNAN"),
    ("Kelapa", "PERKEBUNAN"),
    ("Kopi", "PERKEBUNAN"),
    ("Bambu", "KEHUTANAN"),
    ("Kayu sengon", "KEHUTANAN"),
    ("Sapi potong", "PETERNAKAN"),
    ("Kambing", "PETERNAKAN"),
    ("Ayam kampung", "PETERNAKAN"),
    ("Ikan nila", "PERIKANAN"),
    ("Ikan lele", "PERIKANAN"),
    ("Rumput laut", "PERIKANAN"),
    ("Anyaman bambu", "INDUSTRI_KERAJINAN"),
    ("Gula kelapa", "UMKM_PENGOLAHAN"),
    ("Desa wisata", "PARIWISATA"),
]


def _simpan(model, kunci: dict, nilai: dict) -> None:
    obj = model.objects.filter(**kunci).first()
    if obj is None:
        model.objects.create(**kunci, **nilai)
        return
    berubah = [nama for nama, v in nilai.items() if getattr(obj, nama) != v]
    if berubah:
        for nama in berubah:
            setattr(obj, nama, nilai[nama])
        obj.save(update_fields=[*berubah, "updated_at"])


def muat(apps, schema_editor):
    JenisFasilitas = apps.get_model("desa", "JenisFasilitas")
    Komoditas = apps.get_model("desa", "Komoditas")
    for kode, nama, kelompok, urutan in JENIS_FASILITAS:
        _simpan(JenisFasilitas, {"kode": kode}, {"nama": nama, "kelompok": kelompok, "urutan": urutan})
    for nama, sektor in KOMODITAS:
        _simpan(Komoditas, {"nama": nama}, {"sektor": sektor})


def hapus(apps, schema_editor):
    JenisFasilitas = apps.get_model("desa", "JenisFasilitas")
    Komoditas = apps.get_model("desa", "Komoditas")
    JenisFasilitas.objects.filter(kode__in=[row[0] for row in JENIS_FASILITAS]).delete()
    Komoditas.objects.filter(nama__in=[row[0] for row in KOMODITAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("desa", "0001_initial")]

    operations = [migrations.RunPython(muat, hapus)]
