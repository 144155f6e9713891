"""Evidence files (Dokumen: Musdes/MAD minutes, attendance lists, photos …) open from the agreement's page.

PMD kabupaten verifies R6 (the Musdes consented) by reading the minutes: each evidence file listed on
``/kerjasama/<kode>/`` (section "Berkas bukti" and the timeline) links to ``/kerjasama/bukti/<id>/``, served
through the read gate (akun.scoping: out of scope → 404, anonymous → login) with its own Content-Type,
inline for PDFs and photos, under its original name. The whole persona × position matrix of this download
is in test_scope_matrix.py (face 4); here the answer itself and the page.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kerjasama import services
from kerjasama.models import Dokumen, Musyawarah
from kerjasama.tests.conftest import buat_kerjasama, pemdes_untuk

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)


@pytest.fixture
def k(persona, wilayah, render_palsu):
    """Klapasawit and Kalimanah Kulon past Klapasawit's Musdes (its berita acara, a PDF, visible to Klapasawit's
    people), plus a photo of both desa attached to the agreement (visible to both)."""
    k = buat_kerjasama(persona, wilayah, sampai="DISETUJUI_MUSDES", jumlah_desa=2)
    k.ba = Dokumen.objects.get(content_type=ContentType.objects.get_for_model(Musyawarah),
                               object_id=k.musdes[wilayah.klapasawit.kode].pk, jenis="BERITA_ACARA")
    k.foto = services.dokumen_unggah(
        objek=k.ks, kabupaten=k.ks.kabupaten, desa=[wilayah.klapasawit, wilayah.tetangga],
        berkas=SimpleUploadedFile("Foto Musdes 2 Juni.png", PNG, content_type="image/png"),
        jenis="FOTO", judul="Foto suasana Musdes", oleh=persona["sari"], boleh=("png",),
    )
    return k


def unduh(client, user, dok):
    client.force_login(user)
    return client.get(reverse("kerjasama:dokumen_unduh", args=[dok.pk]))


def isi(resp) -> bytes:
    return b"".join(resp.streaming_content)


@pytest.mark.parametrize("siapa", ["sari", "budi", "tono", "camat", "pmd_pbg", "prov_jateng", "admin"])
def test_every_role_in_scope_opens_the_photo_inline_under_its_name(client, persona, k, siapa):
    r = unduh(client, persona[siapa], k.foto)
    assert r.status_code == 200
    assert r["Content-Type"] == "image/png"
    assert r["Content-Disposition"].startswith("inline;")
    assert 'filename="Foto Musdes 2 Juni.png"' in r["Content-Disposition"]
    assert isi(r) == PNG


@pytest.mark.parametrize("siapa", ["sari", "budi", "camat", "pmd_pbg", "prov_jateng", "admin"])
def test_the_musdes_minutes_open_as_a_pdf_for_pmd_and_the_desa(client, persona, k, siapa):
    """R6 is checked by reading these minutes: PMD kabupaten and the desa that held the Musdes open them."""
    r = unduh(client, persona[siapa], k.ba)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("inline;") and k.ba.nama_asli in r["Content-Disposition"]
    assert isi(r) == k.ba.file.open("rb").read()


@pytest.mark.parametrize("siapa", ["kades_lain", "kades_2009", "camat_lain", "pmd_bms", "prov_kalsel"])
def test_out_of_scope_is_404(client, persona, wilayah, k, siapa):
    """A kepala desa of another desa (other kecamatan, or the same one but not a party), a camat of another
    kecamatan, PMD of another kabupaten, another province: not found, never 403."""
    from django.contrib.auth import get_user_model

    orang = {
        "kades_lain": lambda: pemdes_untuk(wilayah.kemangkon_desa).kades,
        "kades_2009": lambda: get_user_model().objects.get(username="kades_2009"),
    }
    user = orang[siapa]() if siapa in orang else persona[siapa]
    for dok in (k.foto, k.ba):
        assert unduh(client, user, dok).status_code == 404, (siapa, dok.judul)


def test_a_party_does_not_get_another_desas_minutes(client, persona, k):
    """The Musdes minutes belong to the desa that held it (scope by Dokumen.desa): the partner's operator
    sees the agreement and the shared photo, not Klapasawit's minutes."""
    assert unduh(client, persona["tono"], k.ba).status_code == 404
    html = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    assert reverse("kerjasama:dokumen_unduh", args=[k.foto.pk]) in html
    assert reverse("kerjasama:dokumen_unduh", args=[k.ba.pk]) not in html


def test_anonymous_is_sent_to_login(client, k):
    url = reverse("kerjasama:dokumen_unduh", args=[k.foto.pk])
    r = client.get(url)
    assert r.status_code == 302 and r.url.startswith(reverse("akun:login")) and "next=" in r.url


def test_a_missing_file_is_404_and_an_unknown_kind_is_a_plain_download(client, persona, k):
    k.foto.file.storage.delete(k.foto.file.name)
    assert unduh(client, persona["pmd_pbg"], k.foto).status_code == 404

    # Bytes the upload check would never accept (written directly): no inline display, no guessed type.
    lain = Dokumen(content_type=k.foto.content_type, object_id=k.ks.pk, kabupaten=k.ks.kabupaten, jenis="LAINNYA",
                   judul="Berkas lama", nama_asli="catatan.html", ukuran=20, sha256="0" * 64)
    lain.file.save("catatan.html", ContentFile(b"<script>alert(1)</script>"), save=False)
    lain.save()
    lain.desa.set([k.ks.desa_pemrakarsa])
    r = unduh(client, persona["pmd_pbg"], lain)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/octet-stream"
    assert r["Content-Disposition"].startswith("attachment;")
    assert r["X-Content-Type-Options"] == "nosniff"


def test_the_page_links_every_evidence_file_with_name_size_and_kind(client, persona, k):
    client.force_login(persona["pmd_pbg"])
    html = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    bagian = html[html.index("<h3>Berkas bukti</h3>"):html.index('id="linimasa"')]
    for dok in (k.ba, k.foto):
        url = reverse("kerjasama:dokumen_unduh", args=[dok.pk])
        assert re.search(rf'<a href="{re.escape(url)}">{re.escape(dok.judul)}</a>', bagian), dok.judul
    assert "(foto: Foto Musdes 2 Juni.png, PNG 56\xa0bita;" in bagian  # Django's filesizeformat, in Indonesian
    assert f"{k.ba.nama_asli}, PDF " in bagian


def test_the_timeline_links_its_evidence(client, persona, k):
    """The Musdes step names its minutes: a link there too (only for files the reader may open)."""
    client.force_login(persona["pmd_pbg"])
    html = client.get(reverse("kerjasama:detail", args=[k.ks.kode])).content.decode()
    linimasa = html[html.index('id="linimasa"'):]
    assert f'<a href="{reverse("kerjasama:dokumen_unduh", args=[k.ba.pk])}">{k.ba.judul}</a>' in linimasa


def test_the_page_query_count_does_not_grow_with_evidence(client, persona, wilayah, k):
    client.force_login(persona["pmd_pbg"])
    url = reverse("kerjasama:detail", args=[k.ks.kode])
    client.get(url)  # warm the caches (content types, session)
    with CaptureQueriesContext(connection) as dua:
        assert client.get(url).status_code == 200
    for i in range(8):
        services.dokumen_unggah(
            objek=k.ks, kabupaten=k.ks.kabupaten, desa=[wilayah.klapasawit], oleh=persona["sari"], boleh=("png",),
            berkas=SimpleUploadedFile(f"foto-{i}.png", PNG), jenis="FOTO", judul=f"Foto {i}",
        )
    with CaptureQueriesContext(connection) as sepuluh:
        html = client.get(url).content.decode()
    assert html.count("/kerjasama/bukti/") >= 10
    assert len(sepuluh) == len(dua), [q["sql"][:120] for q in sepuluh.captured_queries]
