"""Issue 3, done when: a village head drafts and submits a plan, a partner accepts, a kabupaten official sees it
in the review queue — in a real browser, on the app's own assets only, usable at 360 px."""

from __future__ import annotations

import re

import pytest

from kerjasama import services
from kerjasama.models import KerjaSamaDesa
from kerjasama.tests.conftest import berkas_pdf, musdes_data, pdf_bytes, siapkan_pemdes

from .bantuan import SANDI, lebar_pas, masuk

pytestmark = pytest.mark.browser

TETANGGA = "33.03.06.2006"


def test_rencana_ditawarkan_diterima_lalu_masuk_antrian_kabupaten(halaman, live_server, persona, wilayah, folder_tangkapan):
    page = halaman
    pemdes = siapkan_pemdes(persona, wilayah)
    kades_mitra = pemdes[TETANGGA].kades
    kades_mitra.set_password(SANDI)
    kades_mitra.save()

    # 1. The village head drafts the plan through the wizard, on a phone.
    page.set_viewport_size({"width": 360, "height": 740})
    masuk(page, live_server, "budi")
    page.goto(f"{live_server.url}/kerjasama/baru/")
    page.get_by_label("Judul kerja sama (tentang …)").fill("Usaha bersama kerajinan bambu")
    page.get_by_label("Pengembangan usaha bersama yang dimiliki oleh desa").check()
    page.get_by_label("Cari desa mitra (nama atau kode)").fill("Kalimanah")
    hasil = page.locator("#hasil-mitra").get_by_label("Kalimanah Kulon — Kalimanah, Purbalingga (33.03.06.2006)")
    hasil.wait_for()  # htmx answered
    hasil.check()
    assert lebar_pas(page)
    page.screenshot(path=str(folder_tangkapan / "wizard-1-360.png"), full_page=True)
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.wait_for_url(re.compile(r"/kerjasama/KS-\w+/isi/$"))
    ks = KerjaSamaDesa.objects.get()
    assert [p.desa.kode for p in ks.peserta.order_by("urutan")] == ["33.03.06.2015", TETANGGA]

    assert "musyawarah dan mufakat" in page.get_by_label("Penyelesaian perselisihan").input_value()
    page.get_by_label("Ruang lingkup").fill("Produksi dan pemasaran bersama kerajinan bambu.")
    page.get_by_label("Tata cara dan ketentuan pelaksanaan").fill("Dilaksanakan oleh BKAD dengan rencana kerja tahunan.")
    page.get_by_label("Tanggal mulai").fill("2026-01-01")
    page.get_by_label("Tanggal selesai").fill("2030-12-31")
    page.get_by_label("Hak dan kewajiban").fill("Setiap desa berhak atas bagi hasil dan wajib menyetor kontribusi.")
    page.get_by_label("Pendanaan").fill("APB Desa masing-masing desa.")
    assert lebar_pas(page)
    page.screenshot(path=str(folder_tangkapan / "wizard-2-360.png"), full_page=True)
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.wait_for_url(re.compile(r"/tinjau/$"))
    assert page.get_by_text("Belum lengkap").count() == 0
    page.get_by_role("button", name="Mulai persiapan").click()
    page.wait_for_url(re.compile(rf"/kerjasama/{ks.kode}/"))
    ks.refresh_from_db()
    assert ks.status == "PERSIAPAN"

    # 2. The Musdes and the RPJM check happen off screen (services); the head then sends the offer in the browser.
    services.musdes_catat(kerja_sama=ks, desa=wilayah.klapasawit, oleh=persona["sari"], data=musdes_data(),
                          berita_acara=berkas_pdf())
    services.kerjasama_konfirmasi_rpjmdes(kerja_sama=ks, oleh=persona["sari"], rujukan="RPJM Desa 2020–2026")
    page.goto(f"{live_server.url}/kerjasama/{ks.kode}/")
    page.get_by_role("link", name="Kirim surat penawaran").click()
    page.get_by_role("button", name="Kirim surat penawaran").click()
    page.wait_for_url(re.compile(rf"/kerjasama/{ks.kode}/"))
    assert page.get_by_text("1 surat penawaran terkirim.").is_visible()
    assert lebar_pas(page)
    page.screenshot(path=str(folder_tangkapan / "detail-360.png"), full_page=True)

    # 3. The partner's kepala desa records its Musdes and accepts from the inbox.
    masuk(page, live_server, kades_mitra.username)
    page.goto(f"{live_server.url}/kerjasama/masuk/")
    assert page.get_by_text("Usaha bersama kerajinan bambu").first.is_visible()
    page.get_by_role("link", name="Catat Musdes").click()
    page.get_by_label("Tanggal musyawarah").fill("2025-06-20")
    page.get_by_label("Tempat").fill("Balai Desa Kalimanah Kulon")
    page.get_by_label("Sepakat", exact=True).check()
    page.get_by_label("Keputusan (ringkas)").fill("Musdes menyepakati penawaran.")
    page.get_by_label("Jumlah hadir").fill("28")
    page.get_by_label("Berita acara (pindaian atau foto)").set_input_files(
        files=[{"name": "ba-musdes.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("BA Musdes")}])
    page.get_by_role("button", name="Catat Musyawarah Desa").click()
    page.wait_for_url(re.compile(rf"/kerjasama/{ks.kode}/"))
    page.goto(f"{live_server.url}/kerjasama/masuk/")
    page.get_by_role("link", name="Jawab penawaran").click()
    page.get_by_label("Diterima", exact=True).check()
    page.get_by_label("Rujukan RPJM Desa dan RKP Desa desa Anda").fill("RKP Desa Kalimanah Kulon 2025")
    page.get_by_role("button", name="Jawab penawaran").click()
    page.wait_for_url(re.compile(rf"/kerjasama/{ks.kode}/"))
    ks.refresh_from_db()
    assert ks.status == "PENYUSUNAN_RANCANGAN"

    # 4. The BKAD is set (services); the village head submits the draft in the browser.
    services.bkad_simpan(kerja_sama=ks, oleh=persona["sari"], nama="BKAD Kalimanah", anggota=[
        {"nama": "Siti", "asal_desa": wilayah.klapasawit, "unsur": "ANGGOTA_BPD", "jabatan": "KETUA", "jenis_kelamin": "P"},
        {"nama": "Joko", "asal_desa": wilayah.tetangga, "unsur": "TOKOH_MASYARAKAT", "jabatan": "ANGGOTA", "jenis_kelamin": "L"},
    ])
    masuk(page, live_server, "budi")
    page.goto(f"{live_server.url}/kerjasama/{ks.kode}/")
    page.get_by_role("link", name="Ajukan rancangan ke kabupaten").click()
    page.get_by_role("button", name="Ajukan rancangan ke kabupaten").click()
    page.wait_for_url(re.compile(rf"/kerjasama/{ks.kode}/"))
    ks.refresh_from_db()
    assert ks.status == "DIAJUKAN"

    # 5. The Dinas PMD sees it in the review queue (and is told on the home page).
    page.set_viewport_size({"width": 1280, "height": 900})
    masuk(page, live_server, "pmd_pbg")
    assert page.get_by_role("link", name="Buka").first.is_visible()
    page.goto(f"{live_server.url}/kerjasama/antrian/")
    page.get_by_role("link", name="Usaha bersama kerajinan bambu").click()
    page.wait_for_url(re.compile(rf"/kerjasama/{ks.kode}/"))
    assert page.get_by_role("link", name="Verifikasi rancangan").is_visible()
    assert page.get_by_text("Diajukan ke kabupaten").first.is_visible()

    assert page.permintaan.luar(live_server.url) == []
